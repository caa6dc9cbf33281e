import type { EmailKind } from "../db/schema";
import { queueEmailStatement } from "../emails/outbox";
import { AppError, notFound } from "../errors";
import { money } from "../money";
import type { PaymentProvider } from "../payments/provider";
import type { GiftCardAuthority } from "../promotions/gift-card-authority";
import { findOrder, type Paid, type StoredOrder } from "./read";
import { eventStatement } from "./repo";

export interface RefundDeps {
  db: D1Database;
  payments: PaymentProvider;
  /** A gift card's `GiftCardObject`, by its key: a refund credits its part back there. */
  giftCards: (key: string) => Pick<GiftCardAuthority, "credit">;
}

/**
 * Refunds an order in full: the card's part through the provider, the gift card's part credited
 * back to the card; then records the `refunded` event and queues `email` in one batch.
 * Idempotent: the provider's key and the card's credit id are `<order>:refund` (a cancel and a
 * refund of one order share them, so at most one refund ever happens), the event is once-only and
 * the outbox keeps one row per kind. Answers the refund's id (the credit's for a gift card alone).
 */
export async function refundInFull(
  { db, payments, giftCards }: RefundDeps,
  order: Paid<StoredOrder>,
  email: EmailKind,
): Promise<string> {
  const key = `${order.id}:refund`;
  const carded = order.giftCard?.amount.amount ?? 0;
  const due = order.total.amount - carded;
  let refundId = key;
  if (due > 0) {
    if (!order.paymentId) throw new Error(`order ${order.id} has ${due} paid and no payment`);
    ({ refundId } = await payments.refund({
      paymentId: order.paymentId,
      amount: money(due, order.total.currency),
      idempotencyKey: key,
    }));
  }
  if (carded > 0 && order.giftCardKey) {
    await giftCards(order.giftCardKey).credit(key, order.id, carded);
  }
  await db.batch([
    eventStatement(db, order.id, {
      type: "refunded",
      data: { refundId, ...(carded > 0 ? { giftCardCredit: carded } : {}) },
      once: "refunded",
    }),
    queueEmailStatement(db, order.id, email),
  ]);
  return refundId;
}

/** Whether an order took any money: from the provider or from a gift card. */
export const tookMoney = (order: Paid<StoredOrder>) =>
  order.paymentId !== null || (order.giftCard?.amount.amount ?? 0) > 0;

/**
 * Refunds a fulfilled order in full: a return, or a parcel that never arrived. The goods have left,
 * so the status stays `fulfilled` and nothing is restocked (the merchant adjusts the stock of what
 * comes back); the order gets its `refunded` event and the shopper the refund email. A retry after
 * any failure finishes what was left, and refunding twice refunds once. Paid orders are cancelled
 * instead (which also restocks).
 */
export async function refundFulfilled(deps: RefundDeps, orderId: string) {
  const order = await findOrder(deps.db, orderId);
  if (!order) throw notFound("Order");
  if (order.status !== "fulfilled") {
    throw new AppError(
      "conflict",
      order.status === "paid"
        ? "This order has not shipped yet: cancel it instead, which refunds it and puts its stock back."
        : `Only a fulfilled order can be refunded; this one is ${order.status}.`,
    );
  }
  if (!tookMoney(order)) throw new AppError("conflict", "This order has no payment to refund.");
  await refundInFull(deps, order, "order_refunded");
}
