import { HANDED_OVER } from "../db/fulfillment-schema";

/**
 * Whether a paid order still waits to be handed to the fulfillment provider: still `paid`, and
 * no provider has it yet (the merchant's list to pack, a warehouse that acknowledged it). Null
 * when there is no such order.
 */
export async function awaitsHandOver(db: D1Database, orderId: string): Promise<boolean | null> {
  const row = await db
    .prepare(
      `SELECT status, EXISTS (SELECT 1 FROM order_events
         WHERE order_id = ?1 AND once = '${HANDED_OVER}') AS handed_over
       FROM orders WHERE id = ?1`,
    )
    .bind(orderId)
    .first<{ status: string; handed_over: number }>();
  if (!row) return null;
  return row.status === "paid" && !row.handed_over;
}
