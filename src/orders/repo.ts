import type { OrderStatus } from "../db/schema";
import type { ShippingAddress } from "../schemas/orders";
import type { TaxLine } from "../tax/compute";

export interface NewOrderLine {
  sku: string;
  title: string;
  variantTitle: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  /** The part of the order's discounts allocated to this line. */
  discount?: number;
  /** The line's tax, after its discount (what a refund by line gives back of the tax). */
  tax?: number;
  /** The stock shard that holds this line's units (0 when the sku has one stock object). */
  shard?: number;
  /** A gift card bought: its units are issued as cards when the order is paid. */
  giftCard?: boolean;
}

export interface NewOrder {
  id: string;
  shopperId: string;
  email: string;
  shippingAddress: ShippingAddress;
  /** The market it is bought in; absent in checkouts from before markets. */
  market?: string;
  currency: string;
  subtotal: number;
  discountTotal?: number;
  shipping: number;
  tax?: number;
  taxLines?: TaxLine[];
  /** `total` is `subtotal - discountTotal + shipping`, with `tax` in it; else `tax` comes on top. */
  pricesIncludeTax?: boolean;
  shippingMethod?: { id: string; name: string };
  total: number;
  /** The discounts it got, each with its amount in `currency`. */
  discounts?: { code: string | null; title: string; amount: number }[];
  /** The code use it holds in the code's authority, and who redeems it (per-customer limits). */
  redemption?: {
    code: string;
    redeemer: string;
    usageLimit: number | null;
    perCustomerLimit: number | null;
  };
  /** The gift card's part of `total`, held in its authority (`spending`); the card pays the rest. */
  giftCard?: { key: string; last4: string; amount: number };
  /** The shop's origin the checkout came through (its emails link to the order's page there). */
  origin?: string | undefined;
  /** Given by D1 when the order is written (see `recording`). */
  number?: number | undefined;
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
        // The number is the next one: D1 runs one statement at a time, so no two orders share one.
        `INSERT INTO orders (id, shopper_id, status, email, shipping_address, currency, subtotal, shipping, total, created_at, updated_at,
           market, number, discount_total, tax, tax_lines, prices_include_tax, shipping_method, discounts,
           gift_card_key, gift_card_last4, gift_card_amount, origin)
         VALUES (?1, ?2, 'pending_payment', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9,
           ?10, (SELECT coalesce(max(number), 1000) + 1 FROM orders), ?11, ?12, ?13, ?14, ?15, ?16,
           ?17, ?18, ?19, ?20)
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
        order.market ?? null,
        order.discountTotal ?? 0,
        order.tax ?? 0,
        JSON.stringify(order.taxLines ?? []),
        order.pricesIncludeTax ? 1 : 0,
        order.shippingMethod ? JSON.stringify(order.shippingMethod) : null,
        JSON.stringify(order.discounts ?? []),
        order.giftCard?.key ?? null,
        order.giftCard?.last4 ?? null,
        order.giftCard?.amount ?? 0,
        order.origin ?? null,
      ),
    ...order.lines.map((l) =>
      db
        .prepare(
          `INSERT INTO order_lines (order_id, sku, title, variant_title, unit_price, quantity, line_total, discount, tax)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .bind(
          order.id,
          l.sku,
          l.title,
          l.variantTitle,
          l.unitPrice,
          l.quantity,
          l.lineTotal,
          l.discount ?? 0,
          l.tax ?? 0,
        ),
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
