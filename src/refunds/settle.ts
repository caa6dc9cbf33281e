import type { OrderEmailKind } from "../db/schema";
import { queueEmailStatement } from "../emails/outbox";
import { fulfilledIfNothingLeft } from "../fulfillment/left";
import { logEvent } from "../log";
import type { Paid, StoredOrder } from "../orders/read";
import { eventStatement } from "../orders/repo";
import type { PaymentProvider } from "../payments/provider";
import type { GiftCardAuthority } from "../promotions/gift-card-authority";
import { capturedOf, type RefundRow } from "./ledger";

export interface RefundDeps {
  db: D1Database;
  payments: PaymentProvider;
  /** A gift card's `GiftCardObject`, by its key: a refund credits its part back there. */
  giftCards: (key: string) => Pick<GiftCardAuthority, "credit" | "void">;
}

/**
 * The key of a refund's money with the provider and with the gift card: a refund in full keeps
 * the one every refund had before the ledger (`<order>:refund`), so a cancel and an admin's full
 * refund of one order still share it.
 */
export const moneyKeyOf = (refund: RefundRow) =>
  refund.key === "full" ? `${refund.order_id}:refund` : `${refund.order_id}:refund:${refund.id}`;

/** The once-only event of a refund, which its email needs. */
export const refundEventOnce = (refund: RefundRow) => `refund:${refund.id}`;

/**
 * Moves the money of a pending refund, then records it; every step is idempotent (the credit's
 * id and the provider's key are the refund's), so running this again after any failure, from
 * the request replayed or from the sweep, finishes what was left and moves nothing twice:
 * 1. the gift card's part is credited back (a card voided since sends its part to the card paid
 *    with, when that still has room; otherwise the void card is credited anyway);
 * 2. the card's part is refunded through the provider;
 * 3. in one batch: the refund `succeeded` with the provider's id, the order's `refunded_total`,
 *    its `refunded` event, and the email (`email`, one per refund; a cancel's tells of it).
 */
export async function settleRefund(
  deps: RefundDeps,
  order: Paid<StoredOrder>,
  pending: RefundRow,
  email: OrderEmailKind,
  alongside: D1PreparedStatement[] = [],
): Promise<RefundRow> {
  if (pending.status !== "pending") return pending;
  const { db } = deps;
  const key = moneyKeyOf(pending);
  let refund = await creditGiftCard(deps, order, pending, key);
  let providerId: string | null = null;
  if (refund.card_amount > 0) {
    if (!order.paymentId) throw new Error(`order ${order.id} has a card refund and no payment`);
    const result = await deps.payments.refund({
      paymentId: order.paymentId,
      amount: { amount: refund.card_amount, currency: order.currency },
      idempotencyKey: key,
    });
    if (result.ok) providerId = result.refundId;
    else {
      refund = await refusedByProvider(db, refund, result.message, alongside);
      if (refund.status === "failed") return refund;
    }
  }
  const at = new Date().toISOString();
  const once = refundEventOnce(refund);
  await db.batch([
    ...alongside,
    db
      .prepare(
        `UPDATE refunds SET status = 'succeeded', provider_refund_id = coalesce(?2, provider_refund_id),
           settled_at = ?3 WHERE id = ?1 AND status = 'pending'`,
      )
      .bind(refund.id, providerId, at),
    refundedTotalStatement(db, order.id, at),
    eventStatement(db, order.id, refundEvent(refund, providerId ?? key), at),
    queueEmailStatement(
      db,
      order.id,
      email,
      email === "order_refunded" ? { ref: refund.id, once } : undefined,
    ),
    // Refunded by line, the units that had not shipped need not ship: a partly shipped order
    // with nothing else left is fulfilled.
    ...fulfilledIfNothingLeft(db, order.id, at),
  ]);
  return { ...refund, status: "succeeded", provider_refund_id: providerId, settled_at: at };
}

/**
 * The provider refused the card's part for good: it comes off the refund (which frees its room
 * in the ledger, for a refund made at the provider meanwhile, say), what was asked and why are
 * kept, and a refund left with nothing (no gift card part) is `failed`, with its event. The
 * refusal is the provider's answer to this refund's key, so a retry would only hear it again.
 */
async function refusedByProvider(
  db: D1Database,
  refund: RefundRow,
  message: string,
  alongside: D1PreparedStatement[],
): Promise<RefundRow> {
  const at = new Date().toISOString();
  const refused = `EXISTS (SELECT 1 FROM refunds WHERE id = ?1 AND failure IS NOT NULL)`;
  const [row] = await db.batch<RefundRow>([
    // Its lines were not paid back (at most their gift card's part): none counts as refunded.
    db
      .prepare(
        `UPDATE refunds SET asked = coalesce(asked, amount), failure = ?2,
           amount = gift_card_amount, card_amount = 0, lines = '[]',
           kept = CASE WHEN gift_card_amount = 0 THEN 0 ELSE kept END,
           status = CASE WHEN gift_card_amount = 0 THEN 'failed' ELSE status END,
           settled_at = CASE WHEN gift_card_amount = 0 THEN ?3 ELSE settled_at END
         WHERE id = ?1 AND status = 'pending' RETURNING *`,
      )
      .bind(refund.id, message, at),
    // What was to go with it (its bought gift cards marked void, as the objects already are).
    ...alongside,
    db
      .prepare(
        `INSERT INTO order_events (order_id, type, at, data, once)
         SELECT ?2, 'refund_failed', ?3, ?4, ?5 WHERE ${refused} ON CONFLICT DO NOTHING`,
      )
      .bind(
        refund.id,
        refund.order_id,
        at,
        JSON.stringify({
          ledgerId: refund.id,
          source: refund.source,
          asked: refund.card_amount,
          lines: JSON.parse(refund.lines),
          message,
        }),
        `refund_failed:${refund.id}`,
      ),
  ]);
  logEvent("refund_refused", { refund: refund.id, message }, "warn");
  const now =
    row?.results[0] ??
    (await db.prepare("SELECT * FROM refunds WHERE id = ?").bind(refund.id).first<RefundRow>());
  if (!now) throw new Error(`refund ${refund.id} is gone`);
  return now;
}

export const refundEvent = (refund: RefundRow, refundId: string) => ({
  type: "refunded",
  data: {
    refundId,
    ledgerId: refund.id,
    source: refund.source,
    amount: refund.amount,
    refunded: refund.card_amount,
    ...(refund.gift_card_amount > 0 ? { giftCardCredit: refund.gift_card_amount } : {}),
    ...(refund.kept > 0 ? { keptForSpentGiftCards: refund.kept } : {}),
  },
  once: refundEventOnce(refund),
});

/** The order's `refunded_total`: the sum of its settled refunds. */
export const refundedTotalStatement = (db: D1Database, orderId: string, at: string) =>
  db
    .prepare(
      `UPDATE orders SET updated_at = ?2, refunded_total =
         (SELECT coalesce(sum(amount), 0) FROM refunds WHERE order_id = ?1 AND status = 'succeeded')
       WHERE id = ?1`,
    )
    .bind(orderId, at);

/** Credits the gift card's part; answers the refund as it now stands (its parts may have moved). */
async function creditGiftCard(
  deps: RefundDeps,
  order: Paid<StoredOrder>,
  refund: RefundRow,
  key: string,
): Promise<RefundRow> {
  if (refund.gift_card_amount <= 0 || !order.giftCardKey) return refund;
  const card = deps.giftCards(order.giftCardKey);
  const credited = await card.credit(key, order.id, refund.gift_card_amount);
  if (credited.ok)
    return credited.amount < refund.gift_card_amount
      ? creditedLess(deps.db, refund, credited.amount)
      : refund;
  if (!credited.void) throw new Error(`gift card credit of refund ${refund.id} refused`);
  // The merchant voided the card since: its part goes to the card paid with, if that has room.
  const moved = order.paymentId
    ? await deps.db
        .prepare(
          `UPDATE refunds SET card_amount = card_amount + gift_card_amount, gift_card_amount = 0
           WHERE id = ?1 AND status = 'pending' AND gift_card_amount > 0
             AND (SELECT coalesce(sum(card_amount), 0) FROM refunds WHERE order_id = ?2 AND id != ?1) + amount <= ?3
           RETURNING *`,
        )
        .bind(refund.id, order.id, capturedOf(order).card)
        .first<RefundRow>()
    : null;
  if (moved) return moved;
  // A racing settle of the same refund may have moved it already: then it is the card's.
  const now = await deps.db
    .prepare("SELECT * FROM refunds WHERE id = ?")
    .bind(refund.id)
    .first<RefundRow>();
  if (now && now.gift_card_amount === 0) return now;
  await card.credit(key, order.id, refund.gift_card_amount, true);
  return refund;
}

/**
 * The card took less credit than asked (never more than was spent of it, whatever the ledger
 * says: a credit under this key made before the ledger, say): the refund says what it gave.
 */
async function creditedLess(db: D1Database, refund: RefundRow, credited: number) {
  const row = await db
    .prepare(
      `UPDATE refunds SET asked = coalesce(asked, amount), amount = card_amount + ?2, gift_card_amount = ?2,
         failure = coalesce(failure, 'the gift card took only ' || ?2 || ' back: no more was spent of it')
       WHERE id = ?1 AND status = 'pending' RETURNING *`,
    )
    .bind(refund.id, credited)
    .first<RefundRow>();
  return row ?? refund;
}
