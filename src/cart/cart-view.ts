import type { AppError } from "../errors";
import type { CartPricing } from "../markets/place";
import { totalsOf } from "../markets/totals";
import { type Money, money } from "../money";
import { discountCart } from "../promotions/engine";
import type { PromotionLine } from "../promotions/rule";
import type { CatalogPart } from "./catalog-lookup";

export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 50;

export interface CartLine {
  sku: string;
  quantity: number;
}

export interface CartItem {
  sku: string;
  productSlug: string;
  imageUrl: string;
  title: string;
  variantTitle: string;
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
}

export interface CartView {
  items: CartItem[];
  itemCount: number;
  subtotal: Money;
  updatedAt: string;
  market: string;
  /** The country tax and shipping are estimated for (the address at checkout decides). */
  country: string | null;
  discounts: { code: string | null; title: string; amount: Money }[];
  /** Absent while nothing ships to `country`. */
  shipping?: Money;
  tax: Money;
  taxLines: { name: string; rate: number; amount: Money }[];
  total: Money;
  pricesIncludeTax: boolean;
}

/**
 * Prices a cart's lines at the catalog's current prices in the cart's market, with the tax and
 * shipping of the place `pricing` is for. Lines whose sku is gone, archived or not sold in the
 * market are left out (the caller drops them from storage).
 */
export function priceCartWithCode(
  lines: readonly CartLine[],
  catalog: ReadonlyMap<string, CatalogPart>,
  pricing: CartPricing,
  updatedAt: string,
): { cart: CartView; codeError: AppError | null } {
  const { currency, pricesIncludeTax } = pricing.market;
  const items: (CartItem & Pick<CatalogPart, "taxClass" | "category" | "giftCard">)[] = [];
  for (const line of lines) {
    const info = catalog.get(line.sku);
    if (!info?.active) continue;
    items.push({
      sku: line.sku,
      productSlug: info.productSlug,
      imageUrl: info.imageUrl,
      title: info.productTitle,
      variantTitle: info.variantTitle,
      unitPrice: money(info.priceAmount, currency),
      quantity: line.quantity,
      lineTotal: money(info.priceAmount * line.quantity, currency),
      taxClass: info.giftCard ? "zero" : info.taxClass,
      category: info.category,
      giftCard: info.giftCard,
    });
  }
  const subtotal = items.reduce((sum, item) => sum + item.lineTotal.amount, 0);
  const shipping = items.length > 0 ? pricing.shipping(subtotal) : null;
  // Run for an empty cart too: whether its code applies (a code aimed at skus, say) is asked.
  const discounts = discountCart(
    {
      market: pricing.market,
      lines: promotionLinesOf(items),
      shipping: shipping?.price ?? null,
      now: pricing.now,
    },
    pricing.promotions,
    pricing.discount,
  );
  const totals = totalsOf({
    lines: items.map((i, n) => ({
      amount: i.lineTotal.amount,
      discount: discounts.lineDiscounts[n] ?? 0,
      taxClass: i.taxClass,
    })),
    shipping: shipping
      ? {
          amount: shipping.price,
          discount: discounts.shippingDiscount,
          taxClass: shipping.method.taxClass,
        }
      : null,
    rates: pricing.rates,
    pricesIncludeTax,
  });
  const cart: CartView = {
    items: items.map(({ taxClass: _, category: __, giftCard: ___, ...item }) => item),
    itemCount: items.reduce((n, item) => n + item.quantity, 0),
    subtotal: money(subtotal, currency),
    updatedAt,
    market: pricing.market.id,
    country: pricing.country,
    discounts: (items.length > 0 ? discounts.applied : []).map((d) => ({
      code: d.code,
      title: d.title,
      amount: money(d.amount, currency),
    })),
    ...(shipping || items.length === 0 ? { shipping: money(shipping?.price ?? 0, currency) } : {}),
    tax: money(totals.tax, currency),
    taxLines: totals.taxLines.map((t) => ({
      name: t.name,
      rate: t.rate,
      amount: money(t.amount, currency),
    })),
    total: money(totals.total, currency),
    pricesIncludeTax,
  };
  return { cart, codeError: discounts.codeError };
}

/** A cart priced, without the question of its code. */
export const priceCart = (...args: Parameters<typeof priceCartWithCode>): CartView =>
  priceCartWithCode(...args).cart;

/** A cart's items as promotions see them: sku, category, unit price and quantity. */
function promotionLinesOf(
  items: readonly {
    sku: string;
    unitPrice: Money;
    quantity: number;
    category: string | null;
    giftCard?: boolean;
  }[],
): PromotionLine[] {
  return items.map((i) => ({
    sku: i.sku,
    category: i.category,
    unitPrice: i.unitPrice.amount,
    quantity: i.quantity,
    giftCard: i.giftCard ?? false,
  }));
}
