import * as z from "zod";
import { decodeCursor, encodeCursor } from "../cursor";
import type { OrderStatus } from "../db/schema";
import { SHIPMENTS_SQL, type ShipmentRow, toShipment } from "../fulfillment/shipments";
import { FALLBACK_MARKET_ID, REST_OF_WORLD_METHOD_ID } from "../markets/load";
import { money } from "../money";
import type { Order, ShippingAddress } from "../schemas/orders";
import type { TaxLine } from "../tax/compute";

/** Reading orders from D1: one, a shopper's, or a page of all, with their lines and events. */

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
  market: string | null;
  number: number | null;
  discount_total: number;
  discounts: string;
  tax: number;
  tax_lines: string;
  prices_include_tax: number;
  shipping_method: string | null;
  gift_card_key: string | null;
  origin: string | null;
  link_version: number;
  gift_card_last4: string | null;
  gift_card_amount: number;
  refunded_total: number;
}

interface LineRow {
  order_id: string;
  sku: string;
  title: string;
  variant_title: string;
  unit_price: number;
  quantity: number;
  line_total: number;
  discount: number;
}

interface EventRow {
  order_id: string;
  type: string;
  at: string;
  data: string | null;
}

/** How orders from before markets were shipped: the flat rule. */
const REST_OF_WORLD_METHOD = { id: REST_OF_WORLD_METHOD_ID, name: "Standard shipping" };

/** Orders with their lines and events, in the order of `rows`. */
export type StoredOrder = Order & { shopperId: string };

/**
 * An order with how it was paid (the provider's payment id, the gift card's key) and what its
 * links are made of (`src/orders/order-links.ts`): for the server only, never in an answer.
 */
export type Paid<T> = T & {
  paymentId: string | null;
  giftCardKey: string | null;
  link: OrderLinkParts;
};

/** The shop's origin the checkout came through (null before links) and the links' version. */
export interface OrderLinkParts {
  origin: string | null;
  version: number;
}

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
    db
      .prepare(
        `${SHIPMENTS_SQL} WHERE s.order_id IN (SELECT value FROM json_each(?)) ORDER BY s.number`,
      )
      .bind(JSON.stringify(ids)),
  ] as const;
}

async function hydrate(db: D1Database, rows: OrderRow[]): Promise<StoredOrder[]> {
  if (rows.length === 0) return [];
  const [lines, events, shipments] = await db.batch([
    ...detailStatements(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return assemble(rows, lines, events, shipments);
}

function assemble(
  rows: OrderRow[],
  lines: D1Result | undefined,
  events: D1Result | undefined,
  shipments: D1Result | undefined,
): StoredOrder[] {
  return rows.map((row) => {
    const m = (amount: number) => money(amount, row.currency);
    return {
      id: row.id,
      number: String(row.number ?? ""),
      shopperId: row.shopper_id,
      status: row.status,
      email: row.email,
      market: row.market ?? FALLBACK_MARKET_ID,
      currency: row.currency,
      lines: ((lines?.results ?? []) as LineRow[])
        .filter((l) => l.order_id === row.id)
        .map((l) => ({
          sku: l.sku,
          title: l.title,
          variantTitle: l.variant_title,
          unitPrice: m(l.unit_price),
          quantity: l.quantity,
          lineTotal: m(l.line_total),
          discount: m(l.discount),
        })),
      subtotal: m(row.subtotal),
      discountTotal: m(row.discount_total),
      discounts: (
        JSON.parse(row.discounts) as { code: string | null; title: string; amount: number }[]
      ).map((d) => ({ code: d.code, title: d.title, amount: m(d.amount) })),
      shipping: m(row.shipping),
      tax: m(row.tax),
      taxLines: (JSON.parse(row.tax_lines) as TaxLine[]).map((t) => ({
        name: t.name,
        rate: t.rate,
        amount: m(t.amount),
      })),
      total: m(row.total),
      refundedTotal: m(row.refunded_total),
      netTotal: m(row.total - row.refunded_total),
      paymentStatus: paymentStatusOf(row),
      giftCard: row.gift_card_last4
        ? { last4: row.gift_card_last4, amount: m(row.gift_card_amount) }
        : null,
      pricesIncludeTax: row.prices_include_tax === 1,
      shippingMethod: row.shipping_method
        ? (JSON.parse(row.shipping_method) as { id: string; name: string })
        : REST_OF_WORLD_METHOD,
      shippingAddress: JSON.parse(row.shipping_address) as ShippingAddress,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      shipments: ((shipments?.results ?? []) as ShipmentRow[])
        .filter((s) => s.order_id === row.id)
        .map(toShipment),
      events: ((events?.results ?? []) as EventRow[])
        .filter((e) => e.order_id === row.id)
        .map((e) => ({ ...(e.data ? JSON.parse(e.data) : {}), type: e.type, at: e.at })),
    };
  });
}

/** Where the money of an order stands, beside its status. */
function paymentStatusOf(row: OrderRow): Order["paymentStatus"] {
  if (row.status === "pending_payment" || row.status === "payment_failed") return "unpaid";
  if (row.refunded_total === 0) return "paid";
  return row.refunded_total >= row.total ? "refunded" : "partially_refunded";
}

/** Events for the merchant only: a refund the provider refused is theirs to see to. */
const ADMIN_EVENTS = new Set(["refund_failed"]);

/**
 * An order as its shopper sees it: no internal ids, and events with only their type, time and
 * tracking number (payment and refund ids are for admins).
 */
export function shopperView(
  order: StoredOrder & { paymentId?: string | null; giftCardKey?: string | null; link?: unknown },
): Order {
  const {
    shopperId: _owner,
    paymentId: _payment,
    giftCardKey: _card,
    link: _link,
    ...view
  } = order;
  return {
    ...view,
    events: view.events
      .filter((e) => !ADMIN_EVENTS.has(e.type))
      .map(({ type, at, trackingNumber }) =>
        trackingNumber === undefined ? { type, at } : { type, at, trackingNumber },
      ),
  };
}

/** An order as admins and integrations see it: everything but its keys and link parts. */
export function adminViewOf(order: Paid<StoredOrder>): StoredOrder {
  const { paymentId: _payment, giftCardKey: _card, link: _link, ...view } = order;
  return view;
}

export function adminViews(orders: Map<string, Paid<StoredOrder>>): Map<string, StoredOrder> {
  return new Map([...orders].map(([id, order]) => [id, adminViewOf(order)]));
}

/** One order, only if `shopperId` owns it when given (another shopper's order is just not found). */
export async function findOrder(
  db: D1Database,
  orderId: string,
  shopperId?: string,
): Promise<Paid<StoredOrder> | null> {
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
): Promise<Map<string, Paid<StoredOrder>>> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return new Map();
  const [orders, lines, events, shipments] = await db.batch([
    db.prepare(`SELECT * FROM orders WHERE id IN (${ids.map(() => "?").join(",")})`).bind(...ids),
    ...detailStatements(db, ids),
  ]);
  const rows = (orders?.results ?? []) as OrderRow[];
  const assembled = assemble(rows, lines, events, shipments);
  return new Map(
    assembled.map((order, i) => [
      order.id,
      {
        ...order,
        paymentId: rows[i]?.payment_id ?? null,
        giftCardKey: rows[i]?.gift_card_key ?? null,
        link: { origin: rows[i]?.origin ?? null, version: rows[i]?.link_version ?? 1 },
      },
    ]),
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
