import { AppError } from "../errors";
import type { Market } from "../markets/market";
import { formatMoney, money } from "../money";
import { allocate } from "./allocate";
import type { DiscountDefinition } from "./discount-store";

/** What a cart is, for a code: its lines' totals (before discounts) and its shipping's price. */
export interface DiscountTarget {
  market: Market;
  lineAmounts: readonly number[];
  /** The chosen shipping's price; null while none is known. */
  shipping: number | null;
  now: number;
}

/** A code applied: its line on the cart, and the part it takes off each line and the shipping. */
export interface AppliedDiscount {
  code: string;
  title: string;
  amount: number;
  lineDiscounts: number[];
  shippingDiscount: number;
}

const notApplicable = (code: string, why: string) =>
  new AppError("discount_not_applicable", `The code ${code} ${why}.`, [
    { path: "code", message: why },
  ]);

/**
 * Whether a code applies to a cart now, and what it takes off: a percentage of the subtotal
 * (rounded half away from zero), a fixed amount in the market's currency (never more than the
 * subtotal) or the shipping. The amount is allocated over the lines by their totals (largest
 * remainder), so each line's tax is on what is paid for it and no line goes below zero.
 */
export function applyDiscount(
  definition: DiscountDefinition,
  target: DiscountTarget,
): { ok: true; applied: AppliedDiscount } | { ok: false; error: AppError } {
  const { code } = definition;
  const fail = (why: string) => ({ ok: false as const, error: notApplicable(code, why) });
  const { market, now } = target;
  if (definition.status !== "active") return fail(`is ${definition.status}`);
  if (definition.startsAt && now < Date.parse(definition.startsAt)) {
    return fail(`is valid from ${definition.startsAt}`);
  }
  if (definition.endsAt && now >= Date.parse(definition.endsAt)) {
    return fail(`expired at ${definition.endsAt}`);
  }
  if (definition.markets && !definition.markets.includes(market.id)) {
    return fail(`does not apply in ${market.name}`);
  }
  const subtotal = target.lineAmounts.reduce((sum, a) => sum + a, 0);
  const minimum = definition.minSubtotal;
  if (minimum) {
    if (minimum.currency !== market.currency) return fail(`does not apply in ${market.name}`);
    if (subtotal < minimum.amount) {
      return fail(`needs a subtotal of ${formatMoney(money(minimum.amount, minimum.currency))}`);
    }
  }
  if (definition.kind === "free_shipping") {
    const shipping = target.shipping ?? 0;
    const title = "Free shipping";
    return {
      ok: true,
      applied: {
        code,
        title,
        amount: shipping,
        lineDiscounts: target.lineAmounts.map(() => 0),
        shippingDiscount: shipping,
      },
    };
  }
  const value = definition.value ?? 0;
  let amount: number;
  let title: string;
  if (definition.kind === "percentage") {
    amount = Math.min(subtotal, Math.floor((subtotal * value * 2 + 100) / 200));
    title = `${value}% off`;
  } else {
    if (definition.currency !== market.currency) return fail(`does not apply in ${market.name}`);
    amount = Math.min(subtotal, value);
    title = `${formatMoney(money(value, market.currency), market.locale)} off`;
  }
  return {
    ok: true,
    applied: {
      code,
      title,
      amount,
      lineDiscounts: allocate(amount, target.lineAmounts),
      shippingDiscount: 0,
    },
  };
}
