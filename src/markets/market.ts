import type { Promotion } from "../promotions/rule";
import type { TaxClass } from "../tax/compute";

/** Where the shop sells: countries, one currency, a locale, and whether prices include tax. */
export interface Market {
  id: string;
  name: string;
  currency: string;
  /** ISO 3166-1 alpha-2 codes; a country is in one market at most. */
  countries: string[];
  locale: string;
  pricesIncludeTax: boolean;
}

/** A way to ship, in its market's currency: flat `amount`, free from `freeOver` when set. */
export interface ShippingMethod {
  id: string;
  name: string;
  amount: number;
  freeOver: number | null;
  estimate: string | null;
  taxClass: TaxClass;
  /** The countries of its zone; `*` is every country no other zone of the market names. */
  countries: string[];
}

/** A rate in basis points for a class of goods, in a country or one region of it (`region` ''). */
export interface TaxRateRow {
  country: string;
  region: string;
  taxClass: TaxClass;
  name: string;
  rate: number;
}

/** Everything the shop knows of its markets, read together: it is small and changes rarely. */
export interface MarketSet {
  markets: Market[];
  /** The id of the market a request with no other choice lands in. */
  defaultId: string;
  /** Each market's shipping methods, in the order the merchant gave. */
  methods: Record<string, ShippingMethod[]>;
  rates: TaxRateRow[];
  /** The active automatic promotions, in the order they apply (see `src/promotions/engine.ts`). */
  promotions: Promotion[];
}

/** Every country: the zone that ships to all the countries the market's other zones do not name. */
export const EVERYWHERE = "*";

export function marketById(set: MarketSet, id: string): Market | undefined {
  return set.markets.find((m) => m.id === id);
}

export function defaultMarket(set: MarketSet): Market {
  const market = marketById(set, set.defaultId);
  if (!market) throw new Error(`default market ${set.defaultId} is not among the markets`);
  return market;
}

export const isDefaultMarket = (set: MarketSet, market: Market) => market.id === set.defaultId;

/** Which prices a read shows: the default market's are the variants' own, any other's its list's. */
export interface PriceList {
  market: string;
  currency: string;
  /** The variants' own `price_amount` (the default market), rather than the `prices` rows. */
  own: boolean;
}

export const priceListOf = (set: MarketSet, market: Market): PriceList => ({
  market: market.id,
  currency: market.currency,
  own: isDefaultMarket(set, market),
});

/**
 * SQL for a variant's price in `list`, with `v` the variant: the price column, and the join that
 * brings it (an inner join, so a variant without a price in the list is left out). `param` is the
 * placeholder the market id is bound to.
 */
export function priceSql(list: PriceList, param: string): { price: string; join: string } {
  if (list.own) return { price: "v.price_amount", join: "" };
  return {
    price: "pr.amount",
    join: `JOIN prices pr ON pr.market = ${param} AND pr.sku = v.sku`,
  };
}
