import type { AppError } from "../errors";
import type { Market } from "../markets/market";
import type { DiscountDefinition } from "./discount-store";
import { evaluateRule, notApplicable } from "./evaluate";
import type { Promotion, PromotionLine } from "./rule";

/** A cart before discounts: its lines (in order), its shipping's price (null: none known yet). */
export interface DiscountableCart {
  market: Market;
  lines: readonly PromotionLine[];
  shipping: number | null;
  now: number;
}

/** One discount applied: a code's (with `code`) or an automatic promotion's (`promotionId`). */
export interface AppliedDiscount {
  code: string | null;
  promotionId: string | null;
  title: string;
  amount: number;
  lineDiscounts: number[];
  shippingDiscount: number;
}

export interface CartDiscounts {
  /** In the order they were applied: the automatic promotions, then the code. */
  applied: AppliedDiscount[];
  /** Each line's part of all of them, and the shipping's. */
  lineDiscounts: number[];
  shippingDiscount: number;
  /** The code's, when it applies. */
  code: AppliedDiscount | null;
  /** Why the cart's code does not apply (422); null when it does or there is none. */
  codeError: AppError | null;
}

/**
 * Every discount of a cart, the one function the cart view and checkout's pricing step call.
 * Stacking: the automatic promotions that fit apply first, in their `position` order (then oldest
 * first), each on what the earlier ones left of each line and of the shipping; then the cart's one
 * code, on what they all left. So nothing is discounted twice below zero: a second free shipping
 * finds nothing left, and a percentage after "buy 2 get 1" is of what is still paid. An automatic
 * promotion that would take nothing off is not shown; a code that applies is, even at zero.
 */
export function discountCart(
  cart: DiscountableCart,
  automatic: readonly Promotion[],
  code: DiscountDefinition | null,
): CartDiscounts {
  const left = cart.lines.map((l) => l.unitPrice * l.quantity);
  let shippingLeft = cart.shipping;
  const applied: AppliedDiscount[] = [];
  const apply = (
    rule: Promotion | DiscountDefinition,
    ids: { code: string | null; promotionId: string | null; title?: string },
  ) => {
    const result = evaluateRule(rule, { ...cart, left, shipping: shippingLeft });
    if (!result.ok) return result;
    const { lineDiscounts, shippingDiscount } = result.amounts;
    lineDiscounts.forEach((d, i) => {
      left[i] = (left[i] ?? 0) - d;
    });
    if (shippingLeft !== null) shippingLeft -= shippingDiscount;
    const amount = lineDiscounts.reduce((a, d) => a + d, 0) + shippingDiscount;
    const one = {
      ...ids,
      title: ids.title ?? result.amounts.title,
      amount,
      lineDiscounts,
      shippingDiscount,
    };
    if (amount > 0 || ids.code !== null) applied.push(one);
    return { ok: true as const, applied: one };
  };
  const ordered = [...automatic].sort(
    (a, b) => a.position - b.position || a.createdAt.localeCompare(b.createdAt),
  );
  for (const promotion of ordered) {
    apply(promotion, { code: null, promotionId: promotion.id, title: promotion.title });
  }
  let codeApplied: AppliedDiscount | null = null;
  let codeError: AppError | null = null;
  if (code) {
    const result = apply(code, { code: code.code, promotionId: null });
    if (result.ok) codeApplied = result.applied;
    else codeError = notApplicable(code.code, result.why);
  }
  const total = cart.lines.map((l) => l.unitPrice * l.quantity);
  return {
    applied,
    lineDiscounts: total.map((t, i) => t - (left[i] ?? 0)),
    shippingDiscount: (cart.shipping ?? 0) - (shippingLeft ?? cart.shipping ?? 0),
    code: codeApplied,
    codeError,
  };
}
