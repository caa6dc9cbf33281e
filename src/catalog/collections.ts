import type { CollectionRule, CollectionSort } from "../db/collection-schema";
import type { PriceList } from "../markets/market";
import type { ProductSummary } from "../schemas/catalog";
import { availabilityOf } from "./availability";
import { cachedCatalogRead } from "./cache";
import { SOLD_SQL } from "./listing";
import { type CatalogSummary, type SummaryRow, summaryOf } from "./queries";
import type { CatalogReadDeps } from "./read";

/** A collection shows at most this many products (a page of them at a time). */
export const MAX_COLLECTION_PRODUCTS = 200;

export interface Collection {
  slug: string;
  title: string;
  description: string;
  kind: "manual" | "rule";
  rule: CollectionRule;
  sort: CollectionSort;
  featured: number | null;
}

interface CollectionRow {
  seq: number;
  slug: string;
  title: string;
  description: string;
  kind: "manual" | "rule";
  rule: string;
  sort: CollectionSort;
  featured: number | null;
}

const collectionOf = (row: CollectionRow): Collection => ({
  slug: row.slug,
  title: row.title,
  description: row.description,
  kind: row.kind,
  rule: JSON.parse(row.rule),
  sort: row.sort,
  featured: row.featured,
});

const ORDER_BY: Record<CollectionSort, string> = {
  manual: "position, seq DESC",
  newest: "seq DESC",
  price_asc: "min_price, seq DESC",
  price_desc: "min_price DESC, seq DESC",
  best_selling: "sold DESC, seq DESC",
};

/**
 * A collection's listed products sold in `list`'s market, in `sort` order (a rule-based
 * collection's "manual" order is the newest first), at most MAX_COLLECTION_PRODUCTS, each with
 * its skus (for its stock, which the caller reads live).
 */
async function queryCollectionProducts(
  db: D1Database,
  seq: number,
  collection: Collection,
  list: PriceList,
  sort: CollectionSort,
): Promise<CatalogSummary[]> {
  const params: unknown[] = [];
  /** A placeholder for `value`, numbered as it is bound. */
  const bind = (value: unknown) => `?${params.push(value)}`;
  const market = list.own ? "" : bind(list.market);
  const price = list.own ? "v.price_amount" : "pr.amount";
  const join = list.own ? "" : `JOIN prices pr ON pr.market = ${market} AND pr.sku = v.sku`;
  const priced = `FROM variants v ${join} WHERE v.product_seq = p.seq`;
  const where = ["p.status = 'active'"];
  let from = "products p";
  let position = "0";
  const { rule } = collection;
  if (collection.kind === "manual") {
    from = "collection_products cp JOIN products p ON p.seq = cp.product_seq";
    where.push(`cp.collection_seq = ${bind(seq)}`);
    position = "cp.position";
  } else {
    if (rule.category) where.push(`c.slug = ${bind(rule.category)}`);
    if (rule.tag) {
      where.push(
        `EXISTS (SELECT 1 FROM product_tags t WHERE t.product_seq = p.seq AND t.tag = ${bind(rule.tag)})`,
      );
    }
  }
  const bounds: string[] = ["min_price IS NOT NULL"];
  if (collection.kind === "rule" && rule.minPrice !== undefined) {
    bounds.push(`min_price >= ${bind(rule.minPrice)}`);
  }
  if (collection.kind === "rule" && rule.maxPrice !== undefined) {
    bounds.push(`min_price <= ${bind(rule.maxPrice)}`);
  }
  const sqlText = `SELECT * FROM (
      SELECT p.seq, p.id, p.slug, p.title, c.slug AS category, p.image_url, ${position} AS position,
        (SELECT min(${price}) ${priced}) AS min_price,
        (SELECT group_concat(v.sku) ${priced}) AS skus,
        ${sort === "best_selling" ? SOLD_SQL : "0"} AS sold
      FROM ${from} JOIN categories c ON c.id = p.category_id
      WHERE ${where.join(" AND ")}
    ) WHERE ${bounds.join(" AND ")} ORDER BY ${ORDER_BY[sort]} LIMIT ${bind(MAX_COLLECTION_PRODUCTS)}`;
  const { results } = await db
    .prepare(sqlText)
    .bind(...params)
    .all<SummaryRow>();
  return results.map((row) => summaryOf(row, list.currency));
}

async function queryCollection(db: D1Database, slug: string) {
  const row = await db
    .prepare(
      "SELECT seq, slug, title, description, kind, rule, sort, featured FROM collections WHERE slug = ?1",
    )
    .bind(slug)
    .first<CollectionRow>();
  return row ? { seq: row.seq, collection: collectionOf(row) } : null;
}

/** Every collection, the home page's first in their order, then the others by title. */
export async function listCollections(deps: CatalogReadDeps): Promise<Collection[]> {
  const rows =
    (await cachedCatalogRead(deps, "collections", async () => {
      const { results } = await deps.db
        .prepare(
          `SELECT seq, slug, title, description, kind, rule, sort, featured FROM collections
           ORDER BY featured IS NULL, featured, title`,
        )
        .all<CollectionRow>();
      return results;
    })) ?? [];
  return rows.map(collectionOf);
}

export interface CollectionPage {
  collection: Collection;
  sort: CollectionSort;
  items: ProductSummary[];
  /** Where the next page starts (an offset), or null. */
  next: number | null;
}

/**
 * A page of a collection in `list`'s market, `sort`ed (its own order unless asked): the list
 * comes from the catalog cache, stock from the live snapshots, so `inStock` rules and flags are
 * as fresh as a product page's.
 */
export async function collectionPage(
  deps: CatalogReadDeps,
  list: PriceList,
  slug: string,
  options: { sort?: CollectionSort | undefined; offset: number; limit: number },
): Promise<CollectionPage | null> {
  const found = await cachedCatalogRead(deps, `collection:${slug}`, () =>
    queryCollection(deps.db, slug),
  );
  if (!found) return null;
  const sort = options.sort ?? found.collection.sort;
  const effective = sort === "manual" && found.collection.kind === "rule" ? "newest" : sort;
  const products =
    (await cachedCatalogRead(deps, `collection-products:${list.market}:${slug}:${effective}`, () =>
      queryCollectionProducts(deps.db, found.seq, found.collection, list, effective),
    )) ?? [];
  const available = await availabilityOf(
    deps.db,
    products.flatMap((p) => p.skus),
    deps.availabilityTtlMs,
  );
  const withStock = products.map(({ skus, ...summary }) => ({
    ...summary,
    inStock: skus.some((sku) => (available.get(sku) ?? 0) > 0),
  }));
  const shown = found.collection.rule.inStock ? withStock.filter((p) => p.inStock) : withStock;
  const end = options.offset + options.limit;
  return {
    collection: found.collection,
    sort,
    items: shown.slice(options.offset, end),
    next: end < shown.length ? end : null,
  };
}
