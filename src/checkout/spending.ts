import { AppError } from "../errors";
import { formatMoney, money } from "../money";
import type { NewOrder } from "../orders/repo";
import type { SpendResult } from "../promotions/gift-card-authority";
import { type CheckoutDeps, type CheckoutStep, goBack, mustOrder } from "./moves";
import { interrupted } from "./record";

/** Why the gift card cannot pay (409 `gift_card_unusable`, or 404 for a code of no card). */
function refusal(result: Extract<SpendResult, { ok: false }>, order: NewOrder): AppError {
  const path = [{ path: "giftCard", message: result.reason }];
  const m = (amount: number) => formatMoney(money(amount, order.currency));
  switch (result.reason) {
    case "unknown":
      return new AppError(
        "not_found",
        "There is no gift card with that code. Nothing was charged.",
        path,
      );
    case "insufficient":
      return new AppError(
        "gift_card_insufficient",
        `The gift card has ${m(result.balance ?? 0)} left, less than the total of ${m(order.total)}. Nothing was charged; add a card to pay the rest.`,
        path,
      );
    case "void":
      return new AppError(
        "gift_card_unusable",
        "This gift card is void. Nothing was charged.",
        path,
      );
    case "empty":
      return new AppError(
        "gift_card_unusable",
        "This gift card has nothing left on it. Nothing was charged.",
        path,
      );
    case "currency":
      return new AppError(
        "gift_card_unusable",
        `This gift card is not in ${order.currency}, the currency of this order. Nothing was charged.`,
        path,
      );
    case "released":
      return interrupted();
  }
}

/**
 * Holds the gift card's part of the total in its `GiftCardObject` (hold id: the order's), before
 * any unit is held: as much of the total as its balance covers, or, with no card to pay the rest,
 * all of it or nothing. A card that cannot pay goes back (a code's use may be held).
 */
export const spending: CheckoutStep = async ({ giftCards, rules }, record) => {
  const order = mustOrder(record);
  const card = record.request.giftCard;
  if (!card) return { patch: { state: "holding" } };
  const held = await giftCards(card.key).hold(order.id, {
    currency: order.currency,
    max: order.total,
    whole: record.request.paymentToken === undefined,
    ttlMs: rules.holdTtlMs,
  });
  if (!held.ok) return goBack("spending", refusal(held, order));
  return {
    patch: { state: "holding", order: { ...order, giftCard: { ...card, amount: held.amount } } },
  };
};

/** Makes the gift card's spend final, beside the units (`committing`); false: the hold was lost. */
export async function commitSpend(giftCards: CheckoutDeps["giftCards"], order: NewOrder) {
  if (!order.giftCard) return true;
  return (await giftCards(order.giftCard.key).commit(order.id)).ok;
}

/** Gives the gift card's spend back (a tombstone when it was never held), for `unwinding`. */
export async function releaseSpend(
  giftCards: CheckoutDeps["giftCards"],
  key: string | undefined,
  orderId: string,
) {
  if (key) await giftCards(key).release(orderId);
}

export const lostSpend = () =>
  new AppError(
    "gift_card_unusable",
    "The checkout's hold on the gift card ran out before payment. Nothing was charged; check out again.",
    [{ path: "giftCard", message: "hold expired" }],
  );
