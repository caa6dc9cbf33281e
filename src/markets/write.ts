import { bumpCatalogVersion } from "../catalog/cache";
import { AppError, notFound, validationFailed } from "../errors";
import type { MarketInput, ShippingZoneInput, TaxRatesInput } from "../schemas/markets";
import { type MarketFallback, queryMarketSet } from "./load";
import { marketById } from "./market";

/**
 * Changes to markets, tax rates and shipping zones, each one D1 batch, then a catalog version
 * bump: every read after it (pages, API, carts) sees the change, as with catalog edits.
 */
export interface MarketWriteDeps {
  db: D1Database;
  kv: KVNamespace;
  fallback: MarketFallback;
}

/** Creates or replaces market `id`. A country sells in one market only. */
export async function putMarket(deps: MarketWriteDeps, id: string, input: MarketInput) {
  const { db } = deps;
  const set = await queryMarketSet(db, deps.fallback);
  const taken = set.markets
    .filter((m) => m.id !== id)
    .flatMap((m) =>
      input.countries.filter((c) => m.countries.includes(c)).map((c) => `${c} (${m.id})`),
    );
  if (taken.length > 0) {
    throw new AppError("conflict", `Already in another market: ${taken.join(", ")}.`);
  }
  const makeDefault = input.default ?? set.defaultId === id;
  // The default market's prices are the variants' own, entered in the store's currency.
  if (makeDefault && input.currency !== deps.fallback.storeCurrency) {
    throw validationFailed([
      { path: "currency", message: `the default market sells in ${deps.fallback.storeCurrency}` },
    ]);
  }
  if (!makeDefault && set.defaultId === id) {
    throw new AppError("conflict", "Make another market the default first.");
  }
  await db.batch([
    // A market's price list and shipping are in its currency: a new currency starts them over.
    db
      .prepare(
        "DELETE FROM prices WHERE market = ?1 AND ?2 != coalesce((SELECT currency FROM markets WHERE id = ?1), ?2)",
      )
      .bind(id, input.currency),
    ...(makeDefault
      ? [db.prepare("UPDATE markets SET is_default = 0 WHERE id != ?").bind(id)]
      : []),
    db
      .prepare(
        `INSERT INTO markets (id, name, currency, locale, prices_include_tax, countries, is_default, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, (SELECT count(*) FROM markets)))
         ON CONFLICT (id) DO UPDATE SET name = ?2, currency = ?3, locale = ?4, prices_include_tax = ?5,
           countries = ?6, is_default = ?7, position = coalesce(?8, position)`,
      )
      .bind(
        id,
        input.name,
        input.currency,
        input.locale,
        input.pricesIncludeTax ? 1 : 0,
        JSON.stringify(input.countries),
        makeDefault ? 1 : 0,
        input.position ?? null,
      ),
  ]);
  await bumpCatalogVersion(deps.kv);
}

/** Removes a market with its price list and shipping zones; the default market stays. */
export async function deleteMarket(deps: MarketWriteDeps, id: string) {
  const { db } = deps;
  const set = await queryMarketSet(db, deps.fallback);
  if (!marketById(set, id)) throw notFound("Market");
  if (set.defaultId === id) throw new AppError("conflict", "The default market cannot be removed.");
  await db.batch([
    db.prepare("DELETE FROM prices WHERE market = ?").bind(id),
    db
      .prepare(
        "DELETE FROM shipping_methods WHERE zone IN (SELECT id FROM shipping_zones WHERE market = ?)",
      )
      .bind(id),
    db.prepare("DELETE FROM shipping_zones WHERE market = ?").bind(id),
    db.prepare("DELETE FROM markets WHERE id = ?").bind(id),
  ]);
  await bumpCatalogVersion(deps.kv);
}

/** Replaces every tax rate of `country` (its regions' included). */
export async function putTaxRates(deps: MarketWriteDeps, country: string, input: TaxRatesInput) {
  const { db } = deps;
  await db.batch([
    db.prepare("DELETE FROM tax_rates WHERE country = ?").bind(country),
    ...input.rates.map((r) =>
      db
        .prepare(
          "INSERT INTO tax_rates (country, region, tax_class, name, rate) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(country, r.region ?? "", r.taxClass, r.name, r.rate),
    ),
  ]);
  await bumpCatalogVersion(deps.kv);
}

/** Creates or replaces shipping zone `id` with its methods, priced in its market's currency. */
export async function putShippingZone(deps: MarketWriteDeps, id: string, input: ShippingZoneInput) {
  const { db } = deps;
  const set = await queryMarketSet(db, deps.fallback);
  const market = marketById(set, input.market);
  if (!market) throw validationFailed([{ path: "market", message: "no such market" }]);
  const wrongCurrency = input.methods.flatMap((m, i) =>
    [
      ["price", m.price],
      ["freeOver", m.freeOver],
    ].flatMap(([field, value]) =>
      value && typeof value === "object" && value.currency !== market.currency
        ? [{ path: `methods.${i}.${field}.currency`, message: `must be ${market.currency}` }]
        : [],
    ),
  );
  if (wrongCurrency.length > 0) throw validationFailed(wrongCurrency);
  const ids = input.methods.map((m) => m.id);
  const { results: elsewhere } = await db
    .prepare(
      `SELECT id FROM shipping_methods WHERE zone != ? AND id IN (${ids.map(() => "?").join(",")})`,
    )
    .bind(id, ...ids)
    .all<{ id: string }>();
  if (elsewhere.length > 0) {
    throw new AppError(
      "conflict",
      `Method ids already used by another zone: ${elsewhere.map((r) => r.id).join(", ")}.`,
    );
  }
  await db.batch([
    db.prepare("DELETE FROM shipping_methods WHERE zone = ?").bind(id),
    db
      .prepare(
        `INSERT INTO shipping_zones (id, market, name, countries, position) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET market = ?2, name = ?3, countries = ?4, position = ?5`,
      )
      .bind(id, input.market, input.name, JSON.stringify(input.countries), input.position ?? 0),
    ...input.methods.map((m, position) =>
      db
        .prepare(
          `INSERT INTO shipping_methods (id, zone, name, amount, free_over, estimate, tax_class, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          m.id,
          id,
          m.name,
          m.price.amount,
          m.freeOver?.amount ?? null,
          m.estimate ?? null,
          m.taxClass ?? "standard",
          position,
        ),
    ),
  ]);
  await bumpCatalogVersion(deps.kv);
}

export async function deleteShippingZone(deps: MarketWriteDeps, id: string) {
  const { db } = deps;
  const [, zone] = await db.batch([
    db.prepare("DELETE FROM shipping_methods WHERE zone = ?").bind(id),
    db.prepare("DELETE FROM shipping_zones WHERE id = ?").bind(id),
  ]);
  if ((zone?.meta.changes ?? 0) === 0) throw notFound("Shipping zone");
  await bumpCatalogVersion(deps.kv);
}
