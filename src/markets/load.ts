import { type CacheDeps, cachedCatalogRead } from "../catalog/cache";
import type { Config } from "../config";
import { type PromotionRow, promotionOfRow } from "../promotions/promotion-store";
import type { Promotion } from "../promotions/rule";
import type { TaxClass } from "../tax/compute";
import {
  EVERYWHERE,
  type Market,
  type MarketSet,
  type ShippingMethod,
  type TaxRateRow,
} from "./market";

/** What the vars say, for a shop that set up no market: one currency, one flat shipping rule. */
export interface MarketFallback {
  storeCurrency: string;
  shippingFlat: number;
  freeShippingOver: number;
}

export const marketFallback = (config: Config): MarketFallback => ({
  storeCurrency: config.storeCurrency,
  shippingFlat: config.shippingFlat,
  freeShippingOver: config.freeShippingOver,
});

/** The market of a shop with no `markets` row: the store's currency, everywhere, tax not included. */
export const FALLBACK_MARKET_ID = "default";

/** The default market's method for every country no zone of it names: the vars' flat rule. */
export const REST_OF_WORLD_METHOD_ID = "standard";

interface MarketRow {
  id: string;
  name: string;
  currency: string;
  locale: string;
  prices_include_tax: number;
  countries: string;
  is_default: number;
}

interface MethodRow {
  id: string;
  market: string;
  name: string;
  amount: number;
  free_over: number | null;
  estimate: string | null;
  tax_class: TaxClass;
  countries: string;
}

/**
 * Reads every market, shipping method, tax rate and active automatic promotion from D1, in one
 * round trip.
 */
export async function queryMarketSet(db: D1Database, fallback: MarketFallback): Promise<MarketSet> {
  const [markets, methods, rates, promotions] = await db.batch([
    db.prepare(
      `SELECT id, name, currency, locale, prices_include_tax, countries, is_default
       FROM markets ORDER BY is_default DESC, position, id`,
    ),
    db.prepare(
      `SELECT m.id, z.market, m.name, m.amount, m.free_over, m.estimate, m.tax_class, z.countries
       FROM shipping_methods m JOIN shipping_zones z ON z.id = m.zone
       ORDER BY z.position, z.id, m.position, m.id`,
    ),
    db.prepare(
      `SELECT country, region, tax_class AS taxClass, name, rate FROM tax_rates
       ORDER BY country, region, tax_class`,
    ),
    db.prepare(
      "SELECT * FROM promotions WHERE status = 'active' ORDER BY position, created_at, id",
    ),
  ]);
  return queryMarketSetOf(
    (markets?.results ?? []) as MarketRow[],
    (methods?.results ?? []) as MethodRow[],
    (rates?.results ?? []) as TaxRateRow[],
    fallback,
    ((promotions?.results ?? []) as PromotionRow[]).map(promotionOfRow),
  );
}

/** The market set of these rows (exported for tests of pure pricing). */
export function queryMarketSetOf(
  marketRows: MarketRow[],
  methodRows: MethodRow[],
  rates: TaxRateRow[],
  fallback: MarketFallback,
  promotions: Promotion[] = [],
): MarketSet {
  const markets: Market[] = marketRows.map((row) => ({
    id: row.id,
    name: row.name,
    currency: row.currency,
    countries: JSON.parse(row.countries) as string[],
    locale: row.locale,
    pricesIncludeTax: row.prices_include_tax === 1,
  }));
  // Without a default among the rows, the vars' market is the default, beside any others: the
  // variants' own prices are in the store's currency, so only such a market may show them.
  const flagged = marketRows.find((m) => m.is_default === 1)?.id;
  if (flagged === undefined) {
    markets.unshift({
      id: FALLBACK_MARKET_ID,
      name: "Default",
      currency: fallback.storeCurrency,
      countries: [],
      locale: "en-US",
      pricesIncludeTax: false,
    });
  }
  const defaultId = flagged ?? FALLBACK_MARKET_ID;
  const methods: Record<string, ShippingMethod[]> = Object.fromEntries(
    markets.map((m) => [m.id, []]),
  );
  for (const row of methodRows) {
    methods[row.market]?.push({
      id: row.id,
      name: row.name,
      amount: row.amount,
      freeOver: row.free_over,
      estimate: row.estimate,
      taxClass: row.tax_class,
      countries: JSON.parse(row.countries) as string[],
    });
  }
  // The default market ships everywhere: what its own zones do not serve, the flat rule does.
  const own = methods[defaultId] ?? [];
  if (!own.some((m) => m.countries.includes(EVERYWHERE))) {
    own.push({
      id: REST_OF_WORLD_METHOD_ID,
      name: "Standard shipping",
      amount: fallback.shippingFlat,
      freeOver: fallback.freeShippingOver,
      estimate: null,
      taxClass: "standard",
      countries: [EVERYWHERE],
    });
  }
  return { markets, defaultId, methods, rates, promotions };
}

/**
 * The market set as catalog reads see it: cached like the catalog (KV and this isolate's memory,
 * by catalog version), so a change in the back office reaches the shop on the next read.
 */
export async function marketSet(
  deps: CacheDeps & { db: D1Database; fallback: MarketFallback },
): Promise<MarketSet> {
  const set = await cachedCatalogRead(deps, "markets", () =>
    queryMarketSet(deps.db, deps.fallback),
  );
  if (!set) throw new Error("the market set cannot be empty");
  return set;
}

/** The locale of market `id` for emails and pages about its orders; en-US for one not set up. */
export async function marketLocale(db: D1Database, id: string): Promise<string> {
  const row = await db
    .prepare("SELECT locale FROM markets WHERE id = ?")
    .bind(id)
    .first<{ locale: string }>();
  return row?.locale ?? "en-US";
}
