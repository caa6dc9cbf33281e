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
  giftCards: (key: string) => Pick<GiftCardAuthority, "credit" | "void">;
}

/**
 * Refunds an order in full: the gift cards it bought are voided first and what was spent of them
 * is kept back; then the gift card it was paid with is credited its part, the rest is refunded to
 * the card through the provider; then the `refunded` event (with each part) and `email`, in one
 * batch. Idempotent: the provider's key and the credit's id are `<order>:refund` (a cancel and a
 * refund of one order share them, so at most one refund ever happens), voiding again changes
 * nothing, the event is once-only and the outbox keeps one row per kind. Answers the refund's id
 * (the credit's, when the card got nothing back).
 */
export async function refundInFull(
  deps: RefundDeps,
  order: Paid<StoredOrder>,
  email: EmailKind,
): Promise<string> {
  const { db, payments, giftCards } = deps;
  const key = `${order.id}:refund`;
  const { bought, spentOfBought } = await voidBoughtCards(deps, order.id);
  const byGiftCard = order.giftCard?.amount.amount ?? 0;
  const byCard = order.total.amount - byGiftCard;
  // What was spent of the cards bought comes off the card's part first, then the gift card's.
  let toCard = Math.max(0, byCard - spentOfBought);
  let toGiftCard = Math.max(0, byGiftCard - Math.max(0, spentOfBought - byCard));
  if (toGiftCard > 0 && order.giftCardKey) {
    const card = giftCards(order.giftCardKey);
    const credited = await card.credit(key, order.id, toGiftCard);
    if (!credited.ok && credited.void) {
      // The merchant voided the card since: its part goes to the card paid with, when there is one.
      if (order.paymentId) {
        toCard += toGiftCard;
        toGiftCard = 0;
      } else {
        await card.credit(key, order.id, toGiftCard, true);
      }
    }
  }
  let refundId = key;
  if (toCard > 0) {
    if (!order.paymentId)
      throw new Error(`order ${order.id} has ${toCard} to refund and no payment`);
    ({ refundId } = await payments.refund({
      paymentId: order.paymentId,
      amount: money(toCard, order.total.currency),
      idempotencyKey: key,
    }));
  }
  await db.batch([
    ...(bought > 0
      ? [db.prepare("UPDATE gift_cards SET status = 'void' WHERE order_id = ?").bind(order.id)]
      : []),
    eventStatement(db, order.id, {
      type: "refunded",
      data: {
        refundId,
        refunded: toCard,
        ...(toGiftCard > 0 ? { giftCardCredit: toGiftCard } : {}),
        ...(spentOfBought > 0 ? { keptForSpentGiftCards: spentOfBought } : {}),
      },
      once: "refunded",
    }),
    queueEmailStatement(db, order.id, email),
  ]);
  return refundId;
}

/**
 * Voids every gift card the order bought (again on a retry: voiding is idempotent), and answers
 * how many there are and how much was spent of them: what a refund keeps back.
 */
async function voidBoughtCards({ db, giftCards }: RefundDeps, orderId: string) {
  const { results } = await db
    .prepare("SELECT key, initial_amount FROM gift_cards WHERE order_id = ?")
    .bind(orderId)
    .all<{ key: string; initial_amount: number }>();
  const states = await Promise.all(results.map((c) => giftCards(c.key).void()));
  const spentOfBought = results.reduce(
    (sum, c, i) => sum + Math.max(0, c.initial_amount - (states[i]?.balance ?? c.initial_amount)),
    0,
  );
  return { bought: results.length, spentOfBought };
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
