import { refundedInFull } from "../db/fulfillment-schema";

/** What is left to ship of orders: ordered, less shipped, less refunded by line. */

/** Statuses an order ships from. */
export const SHIPPABLE = ["paid", "partially_fulfilled"] as const;

/**
 * Units left to ship of each line of the orders in `?1` (a JSON array of ids): ordered, less
 * shipped, less refunded by line (a refunded unit is taken to be one not yet shipped, but for the
 * refund of a return, whose units had shipped), never below zero.
 */
const leftSql = (orders: string) => `SELECT ol.order_id, ol.sku, max(0, ol.quantity
    - coalesce((SELECT sum(sl.quantity) FROM shipment_lines sl
                WHERE sl.order_id = ol.order_id AND sl.sku = ol.sku), 0)
    - coalesce((SELECT sum(j.value ->> 'quantity') FROM refunds r, json_each(r.lines) j
                WHERE r.order_id = ol.order_id AND j.value ->> 'sku' = ol.sku
                  AND r.source <> 'return'), 0)) AS n
  FROM order_lines ol WHERE ol.order_id ${orders}`;

export const LEFT_SQL = leftSql("IN (SELECT value FROM json_each(?1))");

/**
 * Statements that make a partly shipped order `fulfilled` (with its event) once nothing is left
 * to ship: for the batch of a refund by lines of the units that had not shipped.
 */
export function fulfilledIfNothingLeft(db: D1Database, orderId: string, at: string) {
  return [
    db
      .prepare(
        `UPDATE orders SET status = 'fulfilled', updated_at = ?2
         WHERE id = ?1 AND status = 'partially_fulfilled'
           AND NOT EXISTS (SELECT 1 FROM (${leftSql("= ?1")}) WHERE n > 0)`,
      )
      .bind(orderId, at),
    db
      .prepare(
        `INSERT INTO order_events (order_id, type, at, data, once)
         SELECT id, 'fulfilled', ?2, json_object('trackingNumber', NULL), 'fulfilled'
         FROM orders WHERE id = ?1 AND status = 'fulfilled'
         ON CONFLICT DO NOTHING`,
      )
      .bind(orderId, at),
  ];
}

/** What is left to ship of each order's lines, by order and sku. */
export async function leftToShip(
  db: D1Database,
  orderIds: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const { results } = await db
    .prepare(`${LEFT_SQL} ORDER BY ol.rowid`)
    .bind(JSON.stringify(orderIds))
    .all<{ order_id: string; sku: string; n: number }>();
  const left = new Map<string, Map<string, number>>();
  for (const r of results) {
    const lines = left.get(r.order_id) ?? new Map<string, number>();
    lines.set(r.sku, r.n);
    left.set(r.order_id, lines);
  }
  return left;
}

/** Paid orders that may have units left to ship, oldest first (at most `limit`). */
export async function listToShip(db: D1Database, limit = 200) {
  const { results } = await db
    .prepare(
      `SELECT id, number, status, created_at FROM orders
       WHERE status IN ('paid', 'partially_fulfilled')
         AND NOT ${refundedInFull()}
         AND EXISTS (SELECT 1 FROM order_lines ol WHERE ol.order_id = orders.id
           AND ol.quantity
             > coalesce((SELECT sum(sl.quantity) FROM shipment_lines sl
                         WHERE sl.order_id = ol.order_id AND sl.sku = ol.sku), 0)
             + coalesce((SELECT sum(j.value ->> 'quantity') FROM refunds r, json_each(r.lines) j
                         WHERE r.order_id = ol.order_id AND j.value ->> 'sku' = ol.sku
                           AND r.source <> 'return'), 0))
       ORDER BY created_at, id LIMIT ?`,
    )
    .bind(limit)
    .all<{ id: string; number: number | null; status: string; created_at: string }>();
  return results.map((r) => ({
    id: r.id,
    number: String(r.number ?? ""),
    status: r.status,
    createdAt: r.created_at,
  }));
}
