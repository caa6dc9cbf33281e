import { refundedInFull, type ShipmentSource } from "../db/fulfillment-schema";
import { queueEmailStatement } from "../emails/outbox";
import { AppError, conflict, notFound, validationFailed } from "../errors";
import { newId } from "../ids";
import { LEFT_SQL, leftToShip, SHIPPABLE } from "./left";

export interface ShipmentLine {
  sku: string;
  quantity: number;
}

export interface Shipment {
  id: string;
  number: number;
  source: ShipmentSource;
  lines: ShipmentLine[];
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  createdAt: string;
}

export interface ShipmentInput {
  /** The request's Idempotency-Key, the warehouse's shipment id, or `simulated`. */
  key: string;
  source: ShipmentSource;
  /** A hash of the request (`src/checkout/request-hash.ts`): the same key with another is refused. */
  requestHash?: string | null;
  /** What is in the parcel; without it, everything left to ship. */
  lines?: ShipmentLine[];
  carrier?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
}

interface OrderState {
  status: string;
  refunded_total: number;
  total: number;
}

/**
 * Records a parcel of an order: the shipment, its lines, the order's status (`fulfilled` once
 * nothing is left to ship, else `partially_fulfilled`), a `shipped` event (and `fulfilled` on the
 * last), and the shopper's email with its tracking, in one D1 batch. Its first statement inserts
 * the shipment only if the order still ships (paid or partly shipped, not refunded in full) and no
 * line of it ships more than is left, so racing shipments never ship a unit twice, and a replay of
 * the same key adds nothing and answers the shipment it made.
 */
export async function recordShipment(
  db: D1Database,
  orderId: string,
  input: ShipmentInput,
): Promise<{ shipment: Shipment; created: boolean }> {
  // One read and one batch when all goes well: the key's shipment is looked for only when the
  // parcel is refused (a replay after its units left is refused as "nothing left").
  const left = (await leftToShip(db, [orderId])).get(orderId) ?? new Map<string, number>();
  const lines = input.lines ?? [...left].map(([sku, n]) => ({ sku, quantity: n }));
  try {
    checkLines(
      lines.filter((l) => input.lines !== undefined || l.quantity > 0),
      left,
    );
  } catch (err) {
    const replay = await shipmentByKey(db, orderId, input);
    if (replay) return { shipment: replay, created: false };
    throw err;
  }
  const parcel = lines.filter((l) => l.quantity > 0);

  const id = newId("shp");
  const at = new Date().toISOString();
  const linesJson = JSON.stringify(parcel);
  const made = `EXISTS (SELECT 1 FROM shipments WHERE id = ?1)`;
  const [inserted] = await db.batch<{ number: number }>([
    db
      .prepare(
        `WITH left AS (${LEFT_SQL.replace("?1", "json_array(?2)")})
         INSERT INTO shipments (id, order_id, number, key, source, carrier, tracking_number, tracking_url, created_at, request_hash)
         SELECT ?1, o.id, (SELECT coalesce(max(number), 0) + 1 FROM shipments WHERE order_id = o.id),
                ?3, ?4, ?5, ?6, ?7, ?8, ?10
         FROM orders o
         WHERE o.id = ?2 AND o.status IN ('paid', 'partially_fulfilled')
           AND NOT ${refundedInFull("o")}
           AND json_array_length(?9) > 0
           AND NOT EXISTS (SELECT 1 FROM shipments WHERE order_id = ?2 AND key = ?3)
           AND NOT EXISTS (
             SELECT 1 FROM json_each(?9) want LEFT JOIN left ON left.sku = want.value ->> 'sku'
             WHERE left.n IS NULL OR want.value ->> 'quantity' > left.n)
         RETURNING number`,
      )
      .bind(
        id,
        orderId,
        input.key,
        input.source,
        input.carrier ?? null,
        input.trackingNumber ?? null,
        input.trackingUrl ?? null,
        at,
        linesJson,
        input.requestHash ?? null,
      ),
    db
      .prepare(
        `INSERT INTO shipment_lines (shipment_id, order_id, sku, quantity)
         SELECT ?1, ?2, value ->> 'sku', value ->> 'quantity' FROM json_each(?3) WHERE ${made}`,
      )
      .bind(id, orderId, linesJson),
    db
      .prepare(
        `INSERT INTO order_events (order_id, type, at, data, once)
         SELECT ?2, 'shipped', ?3, json_object('shipmentId', ?1, 'carrier', ?4,
                'trackingNumber', ?5, 'trackingUrl', ?6, 'lines', json(?7)), 'shipment:' || ?1
         WHERE ${made}`,
      )
      .bind(
        id,
        orderId,
        at,
        input.carrier ?? null,
        input.trackingNumber ?? null,
        input.trackingUrl ?? null,
        linesJson,
      ),
    db
      .prepare(
        `UPDATE orders SET updated_at = ?3, status = CASE
           WHEN EXISTS (SELECT 1 FROM (${LEFT_SQL.replace("?1", "json_array(?2)")}) WHERE n > 0)
           THEN 'partially_fulfilled' ELSE 'fulfilled' END
         WHERE id = ?2 AND ${made}`,
      )
      .bind(id, orderId, at),
    db
      .prepare(
        `INSERT INTO order_events (order_id, type, at, data, once)
         SELECT id, 'fulfilled', ?3, json_object('trackingNumber', ?4), 'fulfilled'
         FROM orders WHERE id = ?2 AND status = 'fulfilled' AND ${made}
         ON CONFLICT DO NOTHING`,
      )
      .bind(id, orderId, at, input.trackingNumber ?? null),
    queueEmailStatement(db, orderId, "order_shipped", { ref: id, once: `shipment:${id}` }),
  ]);
  const number = inserted?.results[0]?.number;
  if (number !== undefined) {
    const shipment: Shipment = {
      id,
      number,
      source: input.source,
      lines: parcel,
      carrier: input.carrier ?? null,
      trackingNumber: input.trackingNumber ?? null,
      trackingUrl: input.trackingUrl ?? null,
      createdAt: at,
    };
    return { shipment, created: true };
  }
  const replay = await shipmentByKey(db, orderId, input);
  if (replay) return { shipment: replay, created: false };
  throw await whyNot(db, orderId);
}

function checkLines(lines: ShipmentLine[], left: Map<string, number>): void {
  if (new Set(lines.map((l) => l.sku)).size !== lines.length) {
    throw validationFailed([{ path: "lines", message: "each sku once" }]);
  }
  if (left.size > 0 && lines.length === 0) throw conflict("Nothing is left to ship of this order.");
  const unknown = lines.flatMap((l, i) =>
    left.has(l.sku) ? [] : [{ path: `lines.${i}.sku`, message: "not a line of this order" }],
  );
  if (unknown.length > 0 && left.size > 0) throw validationFailed(unknown);
  const over = lines.flatMap((l, i) => {
    const n = left.get(l.sku) ?? 0;
    return l.quantity > n
      ? [{ path: `lines.${i}.quantity`, message: `only ${n} left to ship` }]
      : [];
  });
  if (over.length > 0) {
    throw new AppError("conflict", "More units than are left to ship of this order.", over);
  }
}

async function whyNot(db: D1Database, orderId: string): Promise<AppError> {
  const order = await db
    .prepare("SELECT status, refunded_total, total FROM orders WHERE id = ?")
    .bind(orderId)
    .first<OrderState>();
  if (!order) return notFound("Order");
  if (!(SHIPPABLE as readonly string[]).includes(order.status)) {
    return conflict(
      `Only a paid order not yet shipped in full ships; this one is ${order.status}.`,
    );
  }
  if (order.refunded_total > 0 && order.refunded_total >= order.total) {
    return conflict("This order was refunded in full: it does not ship.");
  }
  // Another shipment took the units first.
  return conflict("More units than are left to ship of this order.");
}

interface ShipmentRow {
  id: string;
  order_id: string;
  number: number;
  source: ShipmentSource;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  created_at: string;
  request_hash: string | null;
  lines: string;
}

/** The orders' shipments (in `?1`, a JSON array of ids), each with its lines. */
export const SHIPMENTS_SQL = `SELECT s.*, (SELECT json_group_array(json_object('sku', l.sku, 'quantity', l.quantity))
    FROM shipment_lines l WHERE l.shipment_id = s.id) AS lines
  FROM shipments s`;

export const toShipment = (row: ShipmentRow): Shipment => ({
  id: row.id,
  number: row.number,
  source: row.source,
  lines: JSON.parse(row.lines) as ShipmentLine[],
  carrier: row.carrier,
  trackingNumber: row.tracking_number,
  trackingUrl: row.tracking_url,
  createdAt: row.created_at,
});

export type { ShipmentRow };

/** The shipment the key made, if any; one made by another request under the key is refused. */
async function shipmentByKey(db: D1Database, orderId: string, input: ShipmentInput) {
  const row = await db
    .prepare(`${SHIPMENTS_SQL} WHERE s.order_id = ? AND s.key = ?`)
    .bind(orderId, input.key)
    .first<ShipmentRow>();
  // Shipments made before requests were hashed answer any body.
  if (row?.request_hash && row.request_hash !== input.requestHash) {
    throw new AppError(
      "idempotency_key_reused",
      "This key was used with another shipment of this order.",
    );
  }
  return row ? toShipment(row) : null;
}
