import { AppError } from "../errors";
import type { Market } from "../markets/market";
import { formatMoney, money } from "../money";
import { allocate } from "./allocate";
import { type PromotionLine, type PromotionRule, targets } from "./rule";

/** A cart as one rule meets it: its lines with what earlier rules left of them, and its shipping. */
export interface DiscountTarget {
  market: Market;
  lines: readonly PromotionLine[];
  /** What is left to pay of each line (its total, less the discounts applied before this rule). */
  left: readonly number[];
  /** What is left to pay of the chosen shipping; null while none is known. */
  shipping: number | null;
  now: number;
}

/** What one rule takes off: the part of each line and of the shipping. */
export interface RuleAmounts {
  title: string;
  lineDiscounts: number[];
  shippingDiscount: number;
}

/** Why a rule does not apply (a sentence's end, e.g. "expired at …"), or its amounts. */
export type RuleResult = { ok: true; amounts: RuleAmounts } | { ok: false; why: string };

/**
 * Whether a rule applies to a cart now, and what it takes off, never more than is left of a line
 * or of the shipping:
 * - `percentage`: that percent of what is left of the lines it targets, rounded half away from
 *   zero, allocated over them by what is left of each (largest remainder);
 * - `fixed`: that amount in the market's currency, at most what is left of those lines;
 * - `free_shipping`: what is left of the shipping;
 * - `buy_x_get_y`: of the units it targets, for every `buyQuantity` + `getQuantity` of them,
 *   the `getQuantity` cheapest are free.
 * Its minimum subtotal is of the lines it targets, before any discount.
 */
export function evaluateRule(rule: PromotionRule, target: DiscountTarget): RuleResult {
  const fail = (why: string) => ({ ok: false as const, why });
  const { market, now } = target;
  if (rule.status !== "active") return fail(`is ${rule.status}`);
  if (rule.startsAt && now < Date.parse(rule.startsAt))
    return fail(`is valid from ${rule.startsAt}`);
  if (rule.endsAt && now >= Date.parse(rule.endsAt)) return fail(`expired at ${rule.endsAt}`);
  if (rule.markets && !rule.markets.includes(market.id)) {
    return fail(`does not apply in ${market.name}`);
  }
  const hit = target.lines.map((line) => targets(rule, line));
  // A targeted rule needs a line it targets; any rule but free shipping needs a line it may
  // discount (gift cards never are). An empty cart may still carry a code.
  const targeted = rule.skus !== null || rule.categories !== null;
  const needsLine = targeted || (rule.kind !== "free_shipping" && target.lines.length > 0);
  if (needsLine && !hit.includes(true)) return fail("applies to none of the cart's items");
  const base = target.lines.reduce((sum, l, i) => sum + (hit[i] ? l.unitPrice * l.quantity : 0), 0);
  const minimum = rule.minSubtotal;
  if (minimum) {
    if (minimum.currency !== market.currency) return fail(`does not apply in ${market.name}`);
    if (base < minimum.amount) {
      return fail(`needs a subtotal of ${formatMoney(money(minimum.amount, minimum.currency))}`);
    }
  }
  const none = target.lines.map(() => 0);
  const left = target.left.map((amount, i) => (hit[i] ? amount : 0));
  const leftSum = left.reduce((sum, a) => sum + a, 0);
  const value = rule.value ?? 0;
  switch (rule.kind) {
    case "free_shipping": {
      const shippingDiscount = target.shipping ?? 0;
      return {
        ok: true,
        amounts: { title: "Free shipping", lineDiscounts: none, shippingDiscount },
      };
    }
    case "percentage": {
      const amount = Math.min(leftSum, Math.floor((leftSum * value * 2 + 100) / 200));
      const title = `${value}% off`;
      return {
        ok: true,
        amounts: { title, lineDiscounts: allocate(amount, left), shippingDiscount: 0 },
      };
    }
    case "fixed": {
      if (rule.currency !== market.currency) return fail(`does not apply in ${market.name}`);
      const title = `${formatMoney(money(value, market.currency), market.locale)} off`;
      const lineDiscounts = allocate(Math.min(leftSum, value), left);
      return { ok: true, amounts: { title, lineDiscounts, shippingDiscount: 0 } };
    }
    case "buy_x_get_y":
      return buyGet(rule, target, hit, left);
  }
}

/** Buy X get Y: the cheapest targeted units of each group of X + Y are free (never below zero). */
function buyGet(
  rule: PromotionRule,
  target: DiscountTarget,
  hit: readonly boolean[],
  left: readonly number[],
): RuleResult {
  const buy = rule.buyQuantity ?? 1;
  const get = rule.getQuantity ?? 1;
  const units = target.lines.flatMap((line, i) =>
    hit[i] ? Array.from({ length: line.quantity }, () => ({ i, price: line.unitPrice })) : [],
  );
  const free = Math.floor(units.length / (buy + get)) * get;
  if (free === 0) return { ok: false, why: `needs ${buy + get} of its items in the cart` };
  units.sort((a, b) => a.price - b.price || a.i - b.i);
  const lineDiscounts = target.lines.map(() => 0);
  for (const unit of units.slice(0, free)) {
    lineDiscounts[unit.i] = (lineDiscounts[unit.i] ?? 0) + unit.price;
  }
  return {
    ok: true,
    amounts: {
      title: `Buy ${buy}, get ${get} free`,
      lineDiscounts: lineDiscounts.map((d, i) => Math.min(d, left[i] ?? 0)),
      shippingDiscount: 0,
    },
  };
}

/** A code that does not apply: 422 `discount_not_applicable`, saying why. */
export const notApplicable = (code: string, why: string) =>
  new AppError("discount_not_applicable", `The code ${code} ${why}.`, [
    { path: "code", message: why },
  ]);
