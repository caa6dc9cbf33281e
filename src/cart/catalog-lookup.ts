import { setBounded } from "../bounded-map";
import { availabilityOf } from "../catalog/availability";
import { catalogVersion } from "../catalog/cache";
import { SKU_PICTURE_SQL } from "../catalog/gallery";
import { chunks } from "../db/chunks";
import { type PriceList, priceSql } from "../markets/market";
import type { TaxClass } from "../tax/compute";

/**
 * What a cart shows of a sku in one price list: its product, titles, price, tax class, and whether
 * it is sold there (`active`: its product is listed and the sku has a price in the list).
 */
export interface CatalogPart {
  sku: string;
  productSlug: string;
  productTitle: string;
  variantTitle: string;
  /** 0 when the sku has no price in the list (then it is not `active`). */
  priceAmount: number;
  taxClass: TaxClass;
  /** Its product's category slug (what promotions target). */
  category: string;
  /** A gift card: each unit paid for issues a card of its price; never discounted. */
  giftCard: boolean;
  active: boolean;
  /** Its product is listed (archived is not), whether or not the sku has a price in the list. */
  listed: boolean;
  /** Its picture: the first of its own, else its product's first, else the placeholder. */
  imageUrl: string;
}

/**
 * What checkout needs to know of a sku, read from the catalog in D1 (never from a cache).
 * `available` is the snapshot the sku's InventoryObject last published (it trails by about a
 * second); the hold stays the authority.
 */
export interface SkuInfo extends CatalogPart {
  available: number;
  /** How many stock objects share the sku (see `src/inventory.ts`). */
  shards: number;
}

/** The catalog's columns of a sku in `list`, its price's join left (the market's id is ?1). */
function catalogSql(list: PriceList) {
  const { price, join } = priceSql(list, "?1");
  return {
    columns: `v.sku, p.slug AS productSlug, p.title AS productTitle, v.title AS variantTitle,
      coalesce(${price}, 0) AS priceAmount, v.tax_class AS taxClass, c.slug AS category, v.gift_card AS giftCard,
      p.status = 'active' AS listed, p.status = 'active' AND ${price} IS NOT NULL AS active,
      ${SKU_PICTURE_SQL} AS imageUrl`,
    join: `JOIN categories c ON c.id = p.category_id ${join.replace(/^JOIN/, "LEFT JOIN")}`,
  };
}

type Flags = { active: number; listed: number; giftCard: number };

/** The rows of `skus` (those a product sells) in `list`, `columns` after the catalog's, in one round trip. */
async function selectSkus<T extends CatalogPart>(
  db: D1Database,
  skus: readonly string[],
  list: PriceList,
  columns = "",
  joins = "",
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const unique = [...new Set(skus)];
  if (unique.length === 0) return out;
  const catalog = catalogSql(list);
  const results = await db.batch(
    chunks(unique).map((chunk) =>
      db
        .prepare(
          `SELECT ${catalog.columns}${columns}
           FROM variants v JOIN products p ON p.seq = v.product_seq ${catalog.join} ${joins}
           WHERE v.sku IN (${chunk.map((_, i) => `?${i + 2}`).join(",")})`,
        )
        .bind(list.market, ...chunk),
    ),
  );
  for (const result of results) {
    for (const row of result.results as (Omit<T, keyof Flags> & Flags)[]) {
      out.set(row.sku, {
        ...row,
        active: row.active === 1,
        listed: row.listed === 1,
        giftCard: row.giftCard === 1,
      } as T);
    }
  }
  return out;
}

/**
 * Checkout's lookup, and the cart's view's: prices in `list`, stock snapshot and shards, straight
 * from D1.
 */
export function lookupSkus(
  db: D1Database,
  skus: readonly string[],
  list: PriceList,
): Promise<Map<string, SkuInfo>> {
  return selectSkus<SkuInfo>(
    db,
    skus,
    list,
    ", coalesce(s.available, 0) AS available, v.stock_shards AS shards",
    "LEFT JOIN stock_levels s ON s.sku = v.sku",
  );
}

export interface CartLookupDeps {
  db: D1Database;
  kv: KVNamespace;
  availabilityTtlMs: number;
  /** How long a catalog row is kept, at most (the catalog cache's TTL). */
  catalogTtlMs: number;
}

export interface CartSkus {
  /** The catalog part of every sku asked for that a product sells. */
  catalog: Map<string, CatalogPart>;
  /** Units available of each sku asked about, as the catalog shows them. */
  available: Map<string, number>;
}

/**
 * Catalog parts read in this isolate, by catalog version and sku. An admin change of the catalog
 * makes a new version, so the next lookup at this location reads D1; an entry also expires after
 * the catalog cache's TTL, like the KV entries product pages are read from. A sku no product
 * sells is not kept: it is asked of D1 each time.
 */
const parts = new Map<string, { part: CatalogPart; until: number }>();
const MAX_PARTS = 20_000;

/**
 * What a cart edit needs of `skus`: their catalog parts, kept in this isolate by catalog version
 * (prices as a product page shows them), and how many units of `stocked` are available, from the
 * snapshots the InventoryObjects publish, reused for `availabilityTtlMs` as on product pages. An
 * edit that finds everything in memory makes no D1 query, only the read of the catalog version.
 * Where KV lags (another location than the admin's, for up to a minute) an edit may still show the
 * old price: the cart's view and checkout read D1 (`lookupSkus`), and the hold at checkout stays
 * the authority on stock.
 */
export async function lookupCartSkus(
  deps: CartLookupDeps,
  list: PriceList,
  skus: readonly string[],
  stocked: readonly string[] = [],
  now = Date.now(),
): Promise<CartSkus> {
  const version = await catalogVersion(deps.kv);
  const keyOf = (sku: string) => `${version}\n${list.market}\n${sku}`;
  const catalog = new Map<string, CatalogPart>();
  const missing: string[] = [];
  for (const sku of new Set(skus)) {
    const kept = parts.get(keyOf(sku));
    if (kept && kept.until > now) catalog.set(sku, kept.part);
    else missing.push(sku);
  }
  if (missing.length > 0) {
    const read = await selectSkus<CatalogPart>(deps.db, missing, list);
    for (const [sku, part] of read) {
      setBounded(parts, keyOf(sku), { part, until: now + deps.catalogTtlMs }, MAX_PARTS);
      catalog.set(sku, part);
    }
  }
  const known = stocked.filter((sku) => catalog.has(sku));
  const available = await availabilityOf(deps.db, known, deps.availabilityTtlMs);
  return { catalog, available };
}
