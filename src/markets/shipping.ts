import { EVERYWHERE, type Market, type MarketSet, type ShippingMethod } from "./market";

/** A method offered for one cart: its price for that cart's subtotal. */
export interface ShippingOption {
  method: ShippingMethod;
  price: number;
}

/** What `method` costs for a cart of `subtotal` (after discounts): flat, or free from its threshold. */
export function shippingPrice(method: ShippingMethod, subtotal: number): number {
  return method.freeOver !== null && subtotal >= method.freeOver ? 0 : method.amount;
}

/**
 * The methods of `market` that ship to `country`, cheapest first (then in the merchant's order):
 * those of the zones naming the country, else those of its rest-of-world zone. With no country
 * (nothing known yet of the address) only the rest-of-world methods apply.
 */
export function shippingOptions(
  set: MarketSet,
  market: Market,
  country: string | null,
  subtotal: number,
): ShippingOption[] {
  const methods = set.methods[market.id] ?? [];
  const named = country ? methods.filter((m) => m.countries.includes(country)) : [];
  const serving =
    named.length > 0 ? named : methods.filter((m) => m.countries.includes(EVERYWHERE));
  return serving
    .map((method, order) => ({ method, price: shippingPrice(method, subtotal), order }))
    .sort((a, b) => a.price - b.price || a.order - b.order)
    .map(({ method, price }) => ({ method, price }));
}
