import type { CartView } from "../cart/cart-view";
import { AppError } from "../errors";
import type { CartPricing } from "../markets/place";
import { hasUseLeft } from "./authority";
import type { DiscountDefinition } from "./discount-store";
import { applyDiscount } from "./evaluate";

/**
 * Why a code cannot go on the cart as it was just priced with it: it does not apply (422), or its
 * authority counts no use left (409); null when it can.
 */
export async function discountRefusal(
  definition: DiscountDefinition,
  cart: CartView,
  pricing: CartPricing,
  counts: () => Promise<{ used: number; held: number }>,
): Promise<AppError | null> {
  const result = applyDiscount(definition, {
    market: pricing.market,
    lineAmounts: cart.items.map((i) => i.lineTotal.amount),
    shipping: cart.shipping?.amount ?? null,
    now: pricing.now,
  });
  if (!result.ok) return result.error;
  if (hasUseLeft(definition.usageLimit, await counts())) return null;
  return new AppError("discount_used_up", `The code ${definition.code} has no use left.`, [
    { path: "code", message: "no use left" },
  ]);
}
