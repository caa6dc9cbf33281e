import { AppError } from "../errors";
import type { NewOrder } from "../orders/repo";
import { type CheckoutStep, goBack, mustOrder, refuse } from "./moves";
import { interrupted } from "./record";

/** No use left of the code, for everyone or for this shopper: the checkout ends before any hold. */
const usedUp = (code: string, reason: "used_up" | "customer_limit") =>
  new AppError(
    "discount_used_up",
    reason === "used_up"
      ? `The code ${code} has no use left. Nothing was charged; remove it and check out again.`
      : `You have used the code ${code} as often as it allows. Nothing was charged.`,
    [{ path: "code", message: reason === "used_up" ? "no use left" : "used up for you" }],
  );

/**
 * Holds one use of the order's code in the code's `DiscountObject` (hold id: the order's id),
 * before any unit is held: a code with no use left ends the checkout with nothing to undo. An
 * order without a code goes on. A hold found released (an undo got there first) goes back.
 */
export const redeeming: CheckoutStep = async ({ discounts, rules }, record) => {
  const order = mustOrder(record);
  const redemption = order.redemption;
  const next = record.request.giftCard ? "spending" : "holding";
  if (!redemption) return { patch: { state: next } };
  const held = await discounts(redemption.code).hold(order.id, redemption.redeemer, {
    usageLimit: redemption.usageLimit,
    perCustomerLimit: redemption.perCustomerLimit,
    ttlMs: rules.holdTtlMs,
  });
  if (held.ok) return { patch: { state: next } };
  if (held.reason === "released") return goBack("redeeming", interrupted());
  return refuse(usedUp(redemption.code, held.reason));
};

/** Makes the order's code use final, beside its units (`committing`); false: the hold was lost. */
export async function commitRedemption(
  discounts: Parameters<CheckoutStep>[0]["discounts"],
  order: NewOrder,
): Promise<boolean> {
  if (!order.redemption) return true;
  return (await discounts(order.redemption.code).commit(order.id)).ok;
}

/** Gives the order's code use back (a tombstone when it was never held), for `unwinding`. */
export async function releaseRedemption(
  discounts: Parameters<CheckoutStep>[0]["discounts"],
  order: NewOrder,
): Promise<void> {
  if (!order.redemption) return;
  await discounts(order.redemption.code).release(order.id, order.redemption.redeemer);
}

export const lostRedemption = (code: string) =>
  new AppError(
    "discount_used_up",
    `The checkout's hold on the code ${code} ran out before payment. Nothing was charged; check out again.`,
    [{ path: "code", message: "hold expired" }],
  );
