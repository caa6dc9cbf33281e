import { HANDED_OVER, refundedInFull } from "../db/fulfillment-schema";

/**
 * Whether a paid order still waits to be handed to the fulfillment provider: still `paid`, and
 * no provider has it yet (the merchant's list to pack, a warehouse that acknowledged it). Null
 * when there is no such order. An order refunded in full does not wait: it never ships.
 */
export async function awaitsHandOver(db: D1Database, orderId: string): Promise<boolean | null> {
  const row = await db
    .prepare(
      `SELECT status, EXISTS (SELECT 1 FROM order_events
         WHERE order_id = ?1 AND once = '${HANDED_OVER}') AS handed_over,
         ${refundedInFull()} AS refunded
       FROM orders WHERE id = ?1`,
    )
    .bind(orderId)
    .first<{ status: string; handed_over: number; refunded: number }>();
  if (!row) return null;
  // Refunded in full before it shipped: it never ships.
  return row.status === "paid" && !row.handed_over && !row.refunded;
}

/** Whether a warehouse (the `webhook` provider) acknowledged the order: it ships from there. */
export async function withWarehouse(db: D1Database, orderId: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 FROM order_events WHERE order_id = ? AND once = '${HANDED_OVER}'
         AND data ->> 'provider' = 'webhook'`,
    )
    .bind(orderId)
    .first();
  return row !== null;
}
