import { type ReturnStatus, refundedInFull } from "../db/fulfillment-schema";
import { notFound } from "../errors";

export interface ReturnLine {
  sku: string;
  quantity: number;
}

export interface Return {
  id: string;
  orderId: string;
  number: number;
  status: ReturnStatus;
  lines: ReturnLine[];
  reason: string | null;
  note: string | null;
  /** Whether the units went back to stock; null until received. */
  restock: boolean | null;
  /** The refund of the returned lines in the order's ledger, once received. */
  refundId: string | null;
  /**
   * Received, restocked and refunded: done (with no refund when the order had nothing left of
   * its capture to give back).
   */
  settled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ReturnRow {
  id: string;
  order_id: string;
  number: number;
  status: ReturnStatus;
  lines: string;
  reason: string | null;
  note: string | null;
  restock: number | null;
  refund_id: string | null;
  created_at: string;
  updated_at: string;
}

/** `refund_id` of a return received when its order had nothing left to refund. */
export const NOTHING_LEFT = "nothing_left";

export const toReturn = (r: ReturnRow): Return => ({
  id: r.id,
  orderId: r.order_id,
  number: r.number,
  status: r.status,
  lines: JSON.parse(r.lines) as ReturnLine[],
  reason: r.reason,
  note: r.note,
  restock: r.restock === null ? null : r.restock === 1,
  refundId: r.refund_id === NOTHING_LEFT ? null : r.refund_id,
  settled: r.refund_id !== null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Units that may still be asked back, of each shipped line of order `?1` (gift cards are not
 * returned): shipped, less the shipped units refunded by line outside a return (refunded units
 * count first against those not shipped), less those in its returns not refused.
 */
export const RETURNABLE_SQL = `SELECT sku, shipped - max(0, refunded - (quantity - shipped)) - returned AS n
  FROM (SELECT ol.sku, ol.quantity,
      coalesce((SELECT sum(sl.quantity) FROM shipment_lines sl
                WHERE sl.order_id = ol.order_id AND sl.sku = ol.sku), 0) AS shipped,
      coalesce((SELECT sum(j.value ->> 'quantity') FROM refunds r, json_each(r.lines) j
                WHERE r.order_id = ol.order_id AND r.source <> 'return'
                  AND j.value ->> 'sku' = ol.sku), 0) AS refunded,
      coalesce((SELECT sum(j.value ->> 'quantity') FROM returns r, json_each(r.lines) j
                WHERE r.order_id = ol.order_id AND r.status <> 'refused'
                  AND j.value ->> 'sku' = ol.sku), 0) AS returned
    FROM order_lines ol
    WHERE ol.order_id = ?1
      AND NOT EXISTS (SELECT 1 FROM variants v WHERE v.sku = ol.sku AND v.gift_card = 1))
  WHERE shipped > 0`;

/** What the shopper may still send back of each line, and until when (null: nothing shipped). */
export async function returnable(db: D1Database, orderId: string, windowDays: number) {
  const [units, last] = await db.batch<{
    sku?: string;
    n?: number;
    at?: string | null;
    refunded?: number;
  }>([
    db.prepare(RETURNABLE_SQL).bind(orderId),
    db
      .prepare(
        `SELECT (SELECT max(created_at) FROM shipments WHERE order_id = ?1) AS at,
           EXISTS (SELECT 1 FROM orders WHERE id = ?1 AND ${refundedInFull()}) AS refunded`,
      )
      .bind(orderId),
  ]);
  const shippedAt = last?.results[0]?.at ?? null;
  return {
    refunded: last?.results[0]?.refunded === 1,
    units: new Map((units?.results ?? []).map((r) => [r.sku ?? "", Math.max(0, r.n ?? 0)])),
    until: shippedAt ? new Date(Date.parse(shippedAt) + windowDays * 86_400_000) : null,
  };
}

export async function returnsOfOrder(db: D1Database, orderId: string): Promise<Return[]> {
  const { results } = await db
    .prepare("SELECT * FROM returns WHERE order_id = ? ORDER BY number")
    .bind(orderId)
    .all<ReturnRow>();
  return results.map(toReturn);
}

/** Returns of every order, newest first, of one status when given. */
export async function listReturns(db: D1Database, status?: ReturnStatus): Promise<Return[]> {
  const { results } = await db
    .prepare(
      "SELECT * FROM returns WHERE ?1 IS NULL OR status = ?1 ORDER BY created_at DESC, id LIMIT 100",
    )
    .bind(status ?? null)
    .all<ReturnRow>();
  return results.map(toReturn);
}

export async function findReturn(db: D1Database, id: string): Promise<Return> {
  const row = await db.prepare("SELECT * FROM returns WHERE id = ?").bind(id).first<ReturnRow>();
  if (!row) throw notFound("Return");
  return toReturn(row);
}
