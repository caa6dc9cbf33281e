import { type CartLine, priceCartWithCode } from "../src/cart/cart-view";
import { type CatalogPart, lookupCartSkus, lookupSkus } from "../src/cart/catalog-lookup";
import { readConfig } from "../src/config";
import type { PriceList } from "../src/markets/market";
import type { CartLines } from "./cart-lines";
import type { Entered } from "./cart-markets";

/** What an edit or a view found of the cart's skus. */
export interface Lookup {
  catalog: ReadonlyMap<string, CatalogPart>;
  available: ReadonlyMap<string, number>;
  asked: ReadonlySet<string>;
  /** Read from D1 just now, rather than kept in memory. */
  fresh: boolean;
}

export interface LookupOptions {
  /** Skus asked about beside the cart's lines (the one being added). */
  extra?: readonly string[];
  /** The skus whose units available are wanted. */
  stocked?: readonly string[];
  fresh?: boolean;
}

/**
 * The catalog rows of every line and of `extra` skus in `list`, and the units available of
 * `stocked`: kept in memory by catalog version (see `lookupCartSkus`), or `fresh` from D1,
 * which the cart's view and a merge at login use.
 */
export async function lookUpCart(
  env: Env,
  lines: readonly CartLine[],
  list: PriceList,
  { extra = [], stocked = [], fresh = false }: LookupOptions = {},
): Promise<Lookup> {
  const asked = new Set([...lines.map((l) => l.sku), ...extra]);
  if (fresh) {
    const rows = await lookupSkus(env.DB, [...asked], list);
    const available = new Map([...rows].map(([sku, row]) => [sku, row.available]));
    return { catalog: rows, available, asked, fresh };
  }
  const config = readConfig(env);
  const deps = {
    db: env.DB,
    kv: env.CATALOG_CACHE,
    availabilityTtlMs: config.availabilityTtlMs,
    catalogTtlMs: config.catalogCacheTtlSeconds * 1000,
  };
  return { ...(await lookupCartSkus(deps, list, [...asked], stocked)), asked, fresh };
}

/**
 * The cart priced from what `found` found. Lines whose product is gone, archived or not sold in
 * the market are left out; when it was read fresh from D1 they are also deleted, unless a
 * checkout holds the cart (a row from memory may be behind, and must never cost a shopper a
 * line). A line added while the lookup ran (not in `asked`) is left out of this answer only.
 */
export function pricedCart(
  store: CartLines,
  checkoutRunning: () => boolean,
  { pricing }: Entered,
  { catalog, asked, fresh }: Lookup,
  current: CartLine[] = store.lines(),
  updatedAt = store.updatedAt(),
): ReturnType<typeof priceCartWithCode> {
  let lines = current;
  const gone = lines.filter((l) => asked.has(l.sku) && !catalog.get(l.sku)?.active);
  if (gone.length > 0 && fresh && !checkoutRunning()) {
    for (const { sku } of gone) store.dropLine(sku);
    lines = lines.filter((l) => !gone.includes(l));
  }
  return priceCartWithCode(lines, catalog, pricing, updatedAt);
}
