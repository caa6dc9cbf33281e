import { z } from "zod";
import { decodeCursor, encodeCursor } from "../cursor";
import type { OrderStatus } from "../db/schema";
import { money } from "../money";
import type { Order, ShippingAddress } from "../schemas/orders";

export interface NewOrderLine {
  sku: string;
  title: string;
  variantTitle: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  /** The stock shard that holds this line's units (0 when the sku has one stock object). */
  shard?: number;
}

export interface NewOrder {
  id: string;
  shopperId: string;
  email: string;
  shippingAddress: ShippingAddress;
  currency: string;
  subtotal: number;
  shipping: number;
  total: number;
  lines: NewOrderLine[];
  createdAt: string;
}

export interface OrderEvent {
  type: string;
  data?: Record<string, unknown>;
  /** Set for an event that may happen at most once per order (redelivered messages add nothing). */
  once?: string;
}

/**
 * The statements that write a new order, its lines and its first event; run them in one batch.
 * Running them again changes nothing, so a retried step cannot duplicate or reset an order.
 */
export function insertOrderStatements(db: D1Database, order: NewOrder): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO orders (id, shopper_id, status, email, shipping_address, currency, subtotal, shipping, total, created_at, updated_at)
         VALUES (?1, ?2, 'pending_payment', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(
        order.id,
        order.shopperId,
        order.email,
        JSON.stringify(order.shippingAddress),
        order.currency,
        order.subtotal,
        order.shipping,
        order.total,
        order.createdAt,
      ),
    ...order.lines.map((l) =>
      db
        .prepare(
          `INSERT INTO order_lines (order_id, sku, title, variant_title, unit_price, quantity, line_total)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .bind(order.id, l.sku, l.title, l.variantTitle, l.unitPrice, l.quantity, l.lineTotal),
    ),
    eventStatement(db, order.id, { type: "created", once: "created" }, order.createdAt),
  ];
}

/** An event row; with `onlyIfChanged`, written only when the statement just before it changed a row. */
export function eventStatement(
  db: D1Database,
  orderId: string,
  event: OrderEvent,
  at = new Date().toISOString(),
  onlyIfChanged = false,
) {
  return db
    .prepare(
      `INSERT INTO order_events (order_id, type, at, data, once)
       SELECT ?1, ?2, ?3, ?4, ?5 ${onlyIfChanged ? "WHERE changes() = 1" : ""}
       ON CONFLICT DO NOTHING`,
    )
    .bind(
      orderId,
      event.type,
      at,
      event.data ? JSON.stringify(event.data) : null,
      event.once ?? null,
    );
}

/**
 * The statements that move an order from one of `from` to `to` and record `event` only if this
 * move happened; run them first in one batch. The first result's `meta.changes` says whether it did.
 */
export function transitionStatements(
  db: D1Database,
  orderId: string,
  from: readonly OrderStatus[],
  to: OrderStatus,
  event: OrderEvent,
  paymentId?: string,
  at = new Date().toISOString(),
): [D1PreparedStatement, D1PreparedStatement] {
  return [
    db
      .prepare(
        `UPDATE orders SET status = ?1, updated_at = ?2, payment_id = coalesce(?3, payment_id)
         WHERE id = ?4 AND status IN (${from.map(() => "?").join(",")})`,
      )
      .bind(to, at, paymentId ?? null, orderId, ...from),
    eventStatement(db, orderId, event, at, true),
  ];
}

/** Moves an order and records `event`, atomically. Answers whether this call changed the status. */
export async function transitionOrder(
  db: D1Database,
  orderId: string,
  from: readonly OrderStatus[],
  to: OrderStatus,
  event: OrderEvent,
  paymentId?: string,
  at?: string,
): Promise<boolean> {
  const [update] = await db.batch(
    transitionStatements(db, orderId, from, to, event, paymentId, at),
  );
  return (update?.meta.changes ?? 0) === 1;
}

/** Records an event that goes with no status change. */
export async function recordEvent(
  db: D1Database,
  orderId: string,
  event: OrderEvent,
): Promise<void> {
  await eventStatement(db, orderId, event, new Date().toISOString()).run();
}

interface OrderRow {
  id: string;
  shopper_id: string;
  status: OrderStatus;
  email: string;
  shipping_address: string;
  currency: string;
  subtotal: number;
  shipping: number;
  total: number;
  payment_id: string | null;
  created_at: string;
  updated_at: string;
}

interface LineRow {
  order_id: string;
  sku: string;
  title: string;
  variant_title: string;
  unit_price: number;
  quantity: number;
  line_total: number;
}

interface EventRow {
  order_id: string;
  type: string;
  at: string;
  data: string | null;
}

/** Orders with their lines and events, in the order of `rows`. */
export type StoredOrder = Order & { shopperId: string };

/** The statements reading the lines and the events of the orders `ids`. */
function detailStatements(db: D1Database, ids: string[]) {
  const marks = ids.map(() => "?").join(",");
  return [
    db
      .prepare(`SELECT * FROM order_lines WHERE order_id IN (${marks}) ORDER BY rowid`)
      .bind(...ids),
    db
      .prepare(
        `SELECT order_id, type, at, data FROM order_events WHERE order_id IN (${marks}) ORDER BY id`,
      )
      .bind(...ids),
  ] as const;
}

async function hydrate(db: D1Database, rows: OrderRow[]): Promise<StoredOrder[]> {
  if (rows.length === 0) return [];
  const [lines, events] = await db.batch([
    ...detailStatements(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return assemble(rows, lines, events);
}

function assemble(
  rows: OrderRow[],
  lines: D1Result | undefined,
  events: D1Result | undefined,
): StoredOrder[] {
  return rows.map((row) => {
    const m = (amount: number) => money(amount, row.currency);
    return {
      id: row.id,
      shopperId: row.shopper_id,
      status: row.status,
      email: row.email,
      lines: ((lines?.results ?? []) as LineRow[])
        .filter((l) => l.order_id === row.id)
        .map((l) => ({
          sku: l.sku,
          title: l.title,
          variantTitle: l.variant_title,
          unitPrice: m(l.unit_price),
          quantity: l.quantity,
          lineTotal: m(l.line_total),
        })),
      subtotal: m(row.subtotal),
      shipping: m(row.shipping),
      total: m(row.total),
      shippingAddress: JSON.parse(row.shipping_address) as ShippingAddress,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      events: ((events?.results ?? []) as EventRow[])
        .filter((e) => e.order_id === row.id)
        .map((e) => ({ ...(e.data ? JSON.parse(e.data) : {}), type: e.type, at: e.at })),
    };
  });
}

/**
 * An order as its shopper sees it: no internal ids, and events with only their type, time and
 * tracking number (payment and refund ids are for admins).
 */
export function shopperView(order: StoredOrder & { paymentId?: string | null }): Order {
  const { shopperId: _owner, paymentId: _payment, ...view } = order;
  return {
    ...view,
    events: view.events.map(({ type, at, trackingNumber }) =>
      trackingNumber === undefined ? { type, at } : { type, at, trackingNumber },
    ),
  };
}

/** One order, only if `shopperId` owns it when given (another shopper's order is just not found). */
export async function findOrder(
  db: D1Database,
  orderId: string,
  shopperId?: string,
): Promise<(StoredOrder & { paymentId: string | null }) | null> {
  const order = (await findOrders(db, [orderId])).get(orderId);
  if (!order || (shopperId !== undefined && order.shopperId !== shopperId)) return null;
  return order;
}

/**
 * Orders by id, with their lines and events, in one round trip (absent ones left out). The order
 * rows, lines and events are one D1 batch.
 */
export async function findOrders(
  db: D1Database,
  orderIds: string[],
): Promise<Map<string, StoredOrder & { paymentId: string | null }>> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return new Map();
  const [orders, lines, events] = await db.batch([
    db.prepare(`SELECT * FROM orders WHERE id IN (${ids.map(() => "?").join(",")})`).bind(...ids),
    ...detailStatements(db, ids),
  ]);
  const rows = (orders?.results ?? []) as OrderRow[];
  const assembled = assemble(rows, lines, events);
  return new Map(
    assembled.map((order, i) => [order.id, { ...order, paymentId: rows[i]?.payment_id ?? null }]),
  );
}

const OrderCursor = z.object({ c: z.string(), i: z.string() });

/** A page of orders, newest first; narrowed to one shopper or one status when given. */
export async function listOrders(
  db: D1Database,
  filter: { shopperId?: string; status?: OrderStatus; limit: number; cursor?: string | undefined },
): Promise<{ items: StoredOrder[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.shopperId !== undefined) {
    params.push(filter.shopperId);
    where.push(`shopper_id = ?${params.length}`);
  }
  if (filter.status !== undefined) {
    params.push(filter.status);
    where.push(`status = ?${params.length}`);
  }
  if (filter.cursor) {
    const { c, i } = decodeCursor(filter.cursor, OrderCursor);
    params.push(c, i);
    where.push(`(created_at, id) < (?${params.length - 1}, ?${params.length})`);
  }
  params.push(filter.limit + 1);
  const { results } = await db
    .prepare(
      `SELECT * FROM orders ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY created_at DESC, id DESC LIMIT ?${params.length}`,
    )
    .bind(...params)
    .all<OrderRow>();
  const rows = results.slice(0, filter.limit);
  const last = rows.at(-1);
  return {
    items: await hydrate(db, rows),
    nextCursor:
      results.length > filter.limit && last
        ? encodeCursor({ c: last.created_at, i: last.id })
        : null,
  };
}
