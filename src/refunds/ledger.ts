import type { RefundSource, RefundStatus } from "../db/refund-schema";
import { AppError } from "../errors";
import { newId } from "../ids";
import type { Paid, StoredOrder } from "../orders/read";
import type { RefundableLine } from "./amounts";

/** One refund of the ledger, as stored (see `src/db/refund-schema.ts`). */
export interface RefundRow {
  id: string;
  order_id: string;
  key: string;
  request_hash: string | null;
  source: RefundSource;
  status: RefundStatus;
  amount: number;
  card_amount: number;
  gift_card_amount: number;
  kept: number;
  lines: string;
  reason: string | null;
  provider_refund_id: string | null;
  asked: number | null;
  failure: string | null;
  created_at: string;
  settled_at: string | null;
}

/** What a new refund asks for, once its amount is known. */
export interface RefundAsk {
  key: string;
  requestHash: string | null;
  source: RefundSource;
  amount: number;
  kept?: number;
  lines: { sku: string; quantity: number }[];
  reason: string | null;
  providerRefundId?: string | null;
  /** Already done outside the shop (a refund in the provider's dashboard): written settled. */
  settled?: boolean;
  /**
   * What must stay unrefunded of the order, beyond what earlier refunds kept: the price of the
   * gift cards it bought that are still good (only the refund in full voids them, and gives back
   * their price). Null for a refund made at the provider: its money moved already, the ledger
   * only records it.
   */
  keepBack: number | null;
}

/** What an order took, by way of payment: the card's part and the gift card's. */
export function capturedOf(order: Paid<StoredOrder>) {
  const giftCard = order.giftCard?.amount.amount ?? 0;
  return { card: order.paymentId ? order.total.amount - giftCard : 0, giftCard };
}

/**
 * An order's refunds, oldest first, its lines' taxes (which refunds by line need), and the price
 * of the gift cards it bought that are still good (which only a refund in full gives back).
 */
export async function ledgerOf(db: D1Database, orderId: string) {
  const [refunds, taxes, cards] = await db.batch([
    db.prepare("SELECT * FROM refunds WHERE order_id = ? ORDER BY created_at, id").bind(orderId),
    db.prepare("SELECT sku, tax FROM order_lines WHERE order_id = ?").bind(orderId),
    db
      .prepare(
        "SELECT coalesce(sum(initial_amount), 0) AS n FROM gift_cards WHERE order_id = ? AND status <> 'void'",
      )
      .bind(orderId),
  ]);
  return {
    refunds: (refunds?.results ?? []) as unknown as RefundRow[],
    boughtCards: ((cards?.results[0] as { n: number } | undefined)?.n ?? 0) as number,
    taxes: new Map(
      ((taxes?.results ?? []) as { sku: string; tax: number }[]).map((t) => [t.sku, t.tax]),
    ),
  };
}

/** The order's lines as refunds by line weigh them. */
export const refundableLines = (
  order: StoredOrder,
  taxes: ReadonlyMap<string, number>,
): RefundableLine[] =>
  order.lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    lineTotal: l.lineTotal.amount,
    discount: l.discount?.amount ?? 0,
    tax: taxes.get(l.sku) ?? 0,
  }));

/** Units refunded by line so far, by sku. */
export function refundedUnits(refunds: readonly RefundRow[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const r of refunds) {
    for (const l of JSON.parse(r.lines) as { sku: string; quantity: number }[]) {
      units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
    }
  }
  return units;
}

/**
 * What is left to refund of each part, after the refunds of the ledger (pending ones included),
 * and in all (`total`: less what refunds in full kept back for spent gift cards bought).
 */
export function leftOf(order: Paid<StoredOrder>, refunds: readonly RefundRow[]) {
  const captured = capturedOf(order);
  const sum = (f: (r: RefundRow) => number) => refunds.reduce((n, r) => n + f(r), 0);
  const card = captured.card - sum((r) => r.card_amount);
  const giftCard = captured.giftCard - sum((r) => r.gift_card_amount);
  return { card, giftCard, total: card + giftCard - sum((r) => r.kept) };
}

/** An amount split over what is left: the card's part first, then the gift card's. */
export function splitRefund(amount: number, left: { card: number; giftCard: number }) {
  const card = Math.min(amount, Math.max(0, left.card));
  return { card, giftCard: amount - card };
}

export const exceedsCaptured = (left: number, currency: string) =>
  new AppError(
    "refund_exceeds_captured",
    `Refunds of this order may not add up to more than was captured: ${left} ${currency} minor units are left to refund.`,
  );

/** A refund the provider refused for good, told as a problem: its words, and what to do. */
export const refundRefused = (refund: RefundRow) =>
  new AppError(
    "refund_refused",
    `The payment provider refused this refund: ${refund.failure ?? "no reason given"}. Nothing was refunded; the order's ledger shows what was.`,
  );

/**
 * Writes a refund into the ledger before any money moves: one conditional statement, so
 * racing refunds of one order (a cancel, the back office, the provider's webhook) cannot
 * together pass what was captured of either part, nor (but at the provider) give back what must
 * be kept (`keepBack`, and what refunds in full kept), nor refund a line's units twice. A key already in the ledger answers that
 * refund (`replayed`); a refund that no longer fits answers null.
 */
export async function reserveRefund(
  db: D1Database,
  order: Paid<StoredOrder>,
  ask: RefundAsk,
  parts: { card: number; giftCard: number },
): Promise<{ refund: RefundRow; replayed: boolean } | null> {
  const captured = capturedOf(order);
  const at = new Date().toISOString();
  const inserted = await db
    .prepare(
      `INSERT INTO refunds (id, order_id, key, request_hash, source, status, amount, card_amount,
         gift_card_amount, kept, lines, reason, provider_refund_id, created_at, settled_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15
       WHERE (SELECT coalesce(sum(card_amount), 0) FROM refunds WHERE order_id = ?2) + ?8 <= ?16
         AND (SELECT coalesce(sum(gift_card_amount), 0) FROM refunds WHERE order_id = ?2) + ?9 <= ?17
         AND (?18 IS NULL OR
           (SELECT coalesce(sum(amount + kept), 0) FROM refunds WHERE order_id = ?2) + ?7 + ?10 + ?18 <= ?16 + ?17)
         AND NOT EXISTS (
           SELECT 1 FROM json_each(?11) a
           JOIN order_lines ol ON ol.order_id = ?2 AND ol.sku = a.value ->> 'sku'
           WHERE (a.value ->> 'quantity') + (
             SELECT coalesce(sum(u.value ->> 'quantity'), 0) FROM refunds r, json_each(r.lines) u
             WHERE r.order_id = ?2 AND u.value ->> 'sku' = ol.sku) > ol.quantity)
       ON CONFLICT DO NOTHING
       RETURNING *`,
    )
    .bind(
      newId("rf"),
      order.id,
      ask.key,
      ask.requestHash,
      ask.source,
      ask.settled ? "succeeded" : "pending",
      parts.card + parts.giftCard,
      parts.card,
      parts.giftCard,
      ask.kept ?? 0,
      JSON.stringify(ask.lines),
      ask.reason,
      ask.providerRefundId ?? null,
      at,
      ask.settled ? at : null,
      captured.card,
      captured.giftCard,
      ask.keepBack,
    )
    .first<RefundRow>();
  if (inserted) return { refund: inserted, replayed: false };
  const seen = await refundByKey(db, order.id, ask.key);
  return seen ? { refund: seen, replayed: true } : null;
}

export const refundByKey = (db: D1Database, orderId: string, key: string) =>
  db
    .prepare("SELECT * FROM refunds WHERE order_id = ? AND key = ?")
    .bind(orderId, key)
    .first<RefundRow>();
