import type { CartView } from "../cart/cart-view";
import { promotionLinesOf } from "../cart/cart-view";
import type { CatalogPart } from "../cart/catalog-lookup";
import { AppError } from "../errors";
import type { CartPricing } from "../markets/place";
import { hasUseLeft } from "./authority";
import type { DiscountDefinition } from "./discount-store";
import { discountCart } from "./engine";

/**
 * Why a code cannot go on the cart as it was just priced with it: it does not apply after the
 * automatic promotions (422), or its authority counts no use left (409); null when it can.
 */
export async function discountRefusal(
  definition: DiscountDefinition,
  cart: CartView,
  catalog: ReadonlyMap<string, CatalogPart>,
  pricing: CartPricing,
  counts: () => Promise<{ used: number; held: number }>,
): Promise<AppError | null> {
  const lines = promotionLinesOf(
    cart.items.map((i) => ({
      ...i,
      category: catalog.get(i.sku)?.category ?? null,
      giftCard: catalog.get(i.sku)?.giftCard ?? false,
    })),
  );
  const shipping = cart.shipping?.amount ?? null;
  const { codeError } = discountCart(
    { market: pricing.market, lines, shipping, now: pricing.now },
    pricing.promotions,
    definition,
  );
  if (codeError) return codeError;
  if (hasUseLeft(definition.usageLimit, await counts())) return null;
  return new AppError("discount_used_up", `The code ${definition.code} has no use left.`, [
    { path: "code", message: "no use left" },
  ]);
}
