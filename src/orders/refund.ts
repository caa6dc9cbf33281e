import type { RefundSource } from "../db/refund-schema";
import type { OrderEmailKind } from "../db/schema";
import { AppError, notFound } from "../errors";
import { logEvent } from "../log";
import {
  ledgerOf,
  leftOf,
  type RefundRow,
  refundByKey,
  refundRefused,
  reserveRefund,
} from "../refunds/ledger";
import { type RefundDeps, settleRefund } from "../refunds/settle";
import { findOrder, type Paid, type StoredOrder } from "./read";

export type { RefundDeps } from "../refunds/settle";

/**
 * Refunds what is left of an order, through the ledger (key `full`): the gift cards it bought
 * are voided first and what was spent of them is kept back (off the card's part first, then
 * the gift card's); the rest of each part goes back (`src/refunds/settle.ts`), with the
 * `refunded` event and `email`. Idempotent: the ledger has one `full` refund per order, its
 * money keys are `<order>:refund` (a cancel and an admin's refund of one order share them),
 * voiding again changes nothing. Answers the refund as it ended: `failed` when the provider
 * refused it for good (then nothing was recorded as refunded, and no email was queued).
 */
export async function refundInFull(
  deps: RefundDeps,
  order: Paid<StoredOrder>,
  email: OrderEmailKind,
  source: RefundSource = "cancel",
): Promise<RefundRow> {
  const { db } = deps;
  const { bought, spentOfBought } = await voidBoughtCards(deps, order.id);
  const refund =
    (await refundByKey(db, order.id, "full")) ??
    (await reserveFull(deps, order, spentOfBought, source));
  return settleRefund(
    deps,
    order,
    refund,
    email,
    bought > 0
      ? [db.prepare("UPDATE gift_cards SET status = 'void' WHERE order_id = ?").bind(order.id)]
      : [],
  );
}

async function reserveFull(
  deps: RefundDeps,
  order: Paid<StoredOrder>,
  spentOfBought: number,
  source: RefundSource,
): Promise<RefundRow> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const left = leftOf(order, (await ledgerOf(deps.db, order.id)).refunds);
    const card = Math.max(0, left.card - spentOfBought);
    const giftCard = Math.max(0, left.giftCard - Math.max(0, spentOfBought - left.card));
    const kept = Math.max(0, left.card) + Math.max(0, left.giftCard) - card - giftCard;
    const reserved = await reserveRefund(
      deps.db,
      order,
      {
        key: "full",
        requestHash: null,
        source,
        amount: card + giftCard,
        kept,
        lines: [],
        reason: null,
        // Its bought gift cards are void now: their price goes back with the rest.
        keepBack: 0,
      },
      { card, giftCard },
    );
    if (reserved) return reserved.refund;
  }
  throw new Error(`the refund in full of ${order.id} kept losing its race`);
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
  if (order.status !== "fulfilled" && order.status !== "partially_fulfilled") {
    throw new AppError(
      "conflict",
      order.status === "paid"
        ? "This order has not shipped yet: cancel it instead, which refunds it and puts its stock back."
        : `Only a fulfilled order can be refunded; this one is ${order.status}.`,
    );
  }
  if (!tookMoney(order)) throw new AppError("conflict", "This order has no payment to refund.");
  let refund: RefundRow;
  try {
    refund = await refundInFull(deps, order, "order_refunded", "admin");
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Written to the ledger before the money moved: the same request, or the sweep, finishes it.
    logEvent("refund_settle_failed", { order: order.id, error: String(err) }, "warn");
    throw new AppError(
      "dependency_unavailable",
      "The refund is recorded but its money has not moved yet. Send the same request again (or it finishes by itself within minutes).",
    );
  }
  if (refund.status === "failed") throw refundRefused(refund);
}
