import type { DiscountDefinition } from "../promotions/discount-store";
import type { Promotion } from "../promotions/rule";
import type { TaxRates } from "../tax/compute";
import type { Market, MarketSet } from "./market";
import { type ShippingOption, shippingOptions } from "./shipping";
import { taxRatesAt } from "./totals";

/** What prices a cart in one market for one place: the tax rates there and its shipping. */
export interface CartPricing {
  market: Market;
  /** The country tax and shipping are estimated for; null when none is known yet. */
  country: string | null;
  rates: TaxRates;
  /** The cheapest shipping there for a cart of `subtotal`; null when nothing ships there. */
  shipping: (subtotal: number) => ShippingOption | null;
  /** The code the cart carries, as D1 defines it; null without one. */
  discount: DiscountDefinition | null;
  /** The automatic promotions of the shop, applied before the code. */
  promotions: readonly Promotion[];
  now: number;
}

/** The place a cart is priced for, as far as the shopper said: a country, a region, a method. */
export interface PlaceAsked {
  country?: string | undefined;
  region?: string | undefined;
  shippingMethod?: string | undefined;
}

/**
 * How a cart in `market` is priced for the place asked about: the country asked (an address's, a
 * `?country`, or the request's) when the market sells or ships there, else the market's first
 * country, else (a market of no country of its own) no country: no tax, and the shipping that goes
 * everywhere. The method asked for when it ships there, else the cheapest. Checkout prices an
 * address the same way, so the total a page shows for it is the total charged.
 */
export function cartPricing(
  set: MarketSet,
  market: Market,
  asked: PlaceAsked = {},
  discount: DiscountDefinition | null = null,
  now = Date.now(),
): CartPricing {
  const wanted = asked.country;
  const servesAsked =
    wanted !== undefined &&
    (market.countries.includes(wanted) || shippingOptions(set, market, wanted, 0).length > 0);
  const country = servesAsked ? wanted : (market.countries[0] ?? null);
  return {
    market,
    country,
    rates: taxRatesAt(set.rates, country, servesAsked ? asked.region : undefined),
    shipping: (subtotal) => {
      const options = shippingOptions(set, market, country, subtotal);
      return options.find((o) => o.method.id === asked.shippingMethod) ?? options[0] ?? null;
    },
    discount,
    promotions: set.promotions,
    now,
  };
}
