import * as z from "zod";
import { decodeCursor, encodeCursor } from "../cursor";
import { type PriceList, priceSql } from "../markets/market";
import { money } from "../money";
import { type GalleryImage, galleryImage } from "./gallery";

/** A product as stored: everything but live availability, which changes far more often. */
export interface CatalogProduct {
  id: string;
  slug: string;
  title: string;
  description: string;
  category: string;
  imageUrl: string;
  options: { name: string; values: string[] }[];
  /** Its pictures in order, each with the variants it shows (none: all of them). */
  images: GalleryImage[];
  variants: {
    sku: string;
    title: string;
    price: { amount: number; currency: string };
    options: Record<string, string>;
    /** The pictures of this variant: its own first, then the whole product's. */
    images: Omit<GalleryImage, "skus">[];
  }[];
  updatedAt: string;
}

export interface CatalogSummary {
  id: string;
  slug: string;
  title: string;
  category: string;
  imageUrl: string;
  price: { amount: number; currency: string };
  skus: string[];
}

export interface CatalogPage {
  items: CatalogSummary[];
  nextCursor: string | null;
}

export interface ListFilter {
  q?: string | undefined;
  category?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export const defaultImageUrl = (slug: string) => `/images/products/${slug}.svg`;

/** A summary row (`summaryColumns`' columns) as the catalog caches it. */
export const summaryOf = (
  row: Omit<SummaryRow, "seq" | "rank">,
  currency: string,
): CatalogSummary => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  category: row.category,
  imageUrl: row.image_url ?? defaultImageUrl(row.slug),
  price: money(row.min_price, currency),
  skus: row.skus.split(","),
});

const BrowseCursor = z.object({ s: z.number().int() });
const SearchCursor = z.object({ r: z.number(), s: z.number().int() });

export interface SummaryRow {
  seq: number;
  id: string;
  slug: string;
  title: string;
  category: string;
  image_url: string | null;
  min_price: number;
  skus: string;
  rank?: number;
}

/** The summary's columns, its lowest price and the skus in `list` (the market's id bound to ?1). */
function summaryColumns(list: PriceList): string {
  const { price, join } = priceSql(list, "?1");
  const priced = `FROM variants v ${join} WHERE v.product_seq = p.seq`;
  return `p.seq, p.id, p.slug, p.title, c.slug AS category, p.image_url,
  (SELECT min(${price}) ${priced}) AS min_price,
  (SELECT group_concat(v.sku) ${priced}) AS skus`;
}

/**
 * Turns shopper input into an FTS5 query: each word quoted (so no FTS syntax leaks through)
 * and prefix-matched, all words required. Returns null when no word is left.
 */
export function ftsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words
    .slice(0, 10)
    .map((w) => `"${w}"*`)
    .join(" ");
}

/**
 * One page of the active products sold in `list`'s market (with a price for at least one sku),
 * newest first, or by relevance when searching.
 */
export async function queryProductPage(
  db: D1Database,
  filter: ListFilter,
  list: PriceList,
): Promise<CatalogPage> {
  const params: unknown[] = [list.market];
  const where = ["p.status = 'active'"];
  if (!list.own) {
    where.push(
      "EXISTS (SELECT 1 FROM variants v JOIN prices pr ON pr.market = ?1 AND pr.sku = v.sku WHERE v.product_seq = p.seq)",
    );
  }
  if (filter.category) {
    params.push(filter.category);
    where.push(`c.slug = ?${params.length}`);
  }
  const match = filter.q === undefined ? undefined : ftsQuery(filter.q);
  if (match === null) return { items: [], nextCursor: null };

  let sqlText: string;
  if (match === undefined) {
    if (filter.cursor) {
      params.push(decodeCursor(filter.cursor, BrowseCursor).s);
      where.push(`p.seq < ?${params.length}`);
    }
    params.push(filter.limit + 1);
    sqlText = `SELECT ${summaryColumns(list)} FROM products p JOIN categories c ON c.id = p.category_id
      WHERE ${where.join(" AND ")} ORDER BY p.seq DESC LIMIT ?${params.length}`;
  } else {
    params.push(match);
    where.push(`products_fts MATCH ?${params.length}`);
    if (filter.cursor) {
      const { r, s } = decodeCursor(filter.cursor, SearchCursor);
      params.push(r, s);
      const [rank, seq] = [params.length - 1, params.length];
      where.push(`(f.rank > ?${rank} OR (f.rank = ?${rank} AND p.seq < ?${seq}))`);
    }
    params.push(filter.limit + 1);
    sqlText = `SELECT ${summaryColumns(list)}, f.rank AS rank FROM products_fts f
      JOIN products p ON p.seq = f.rowid JOIN categories c ON c.id = p.category_id
      WHERE ${where.join(" AND ")} ORDER BY f.rank, p.seq DESC LIMIT ?${params.length}`;
  }

  const { results } = await db
    .prepare(sqlText)
    .bind(...params)
    .all<SummaryRow>();
  const rows = results.slice(0, filter.limit);
  const last = rows.at(-1);
  const nextCursor =
    results.length > filter.limit && last
      ? encodeCursor(match === undefined ? { s: last.seq } : { r: last.rank, s: last.seq })
      : null;
  return {
    items: rows.map((row) => summaryOf(row, list.currency)),
    nextCursor,
  };
}

interface ProductRow {
  seq: number;
  id: string;
  slug: string;
  title: string;
  description: string;
  category: string;
  image_url: string | null;
  options: string;
  updated_at: string;
}

interface PictureRow {
  id: number;
  file: string;
  alt: string;
  width: number;
  height: number;
  skus: string;
}

interface VariantRow {
  sku: string;
  title: string;
  price_amount: number;
  options: string;
}

/**
 * An active product by slug with its variants priced in `list` in their order, in one round trip;
 * null when none of its variants has a price there.
 */
export async function queryProduct(
  db: D1Database,
  slug: string,
  list: PriceList,
): Promise<CatalogProduct | null> {
  const { price, join } = priceSql(list, "?2");
  const [products, variants, pictures] = await db.batch([
    db
      .prepare(
        `SELECT p.seq, p.id, p.slug, p.title, p.description, c.slug AS category, p.image_url, p.options, p.updated_at
         FROM products p JOIN categories c ON c.id = p.category_id
         WHERE p.slug = ?1 AND p.status = 'active'`,
      )
      .bind(slug),
    db
      .prepare(
        `SELECT v.sku, v.title, ${price} AS price_amount, v.options
         FROM variants v JOIN products p ON p.seq = v.product_seq ${join}
         WHERE p.slug = ?1 AND p.status = 'active' ORDER BY v.position`,
      )
      .bind(slug, ...(list.own ? [] : [list.market])),
    db
      .prepare(
        `SELECT i.id, i.file, i.alt, i.width, i.height, i.skus
         FROM product_images i JOIN products p ON p.seq = i.product_seq
         WHERE p.slug = ?1 AND p.status = 'active' ORDER BY i.position, i.id`,
      )
      .bind(slug),
  ]);
  const images = ((pictures?.results ?? []) as PictureRow[]).map((p) =>
    galleryImage({ ...p, skus: JSON.parse(p.skus) }),
  );
  const ofVariant = (sku: string) =>
    [
      ...images.filter((i) => i.skus.includes(sku)),
      ...images.filter((i) => i.skus.length === 0),
    ].map(({ skus: _, ...image }) => image);
  const row = (products?.results as ProductRow[] | undefined)?.[0];
  const variantRows = (variants?.results ?? []) as VariantRow[];
  if (!row || variantRows.length === 0) return null;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    category: row.category,
    imageUrl: row.image_url ?? defaultImageUrl(row.slug),
    options: JSON.parse(row.options),
    images,
    variants: variantRows.map((v) => ({
      sku: v.sku,
      title: v.title,
      price: money(v.price_amount, list.currency),
      options: JSON.parse(v.options),
      images: ofVariant(v.sku),
    })),
    updatedAt: row.updated_at,
  };
}

export interface CategoryCount {
  slug: string;
  name: string;
  productCount: number;
}

export async function queryCategories(db: D1Database): Promise<CategoryCount[]> {
  const { results } = await db
    .prepare(
      `SELECT c.slug, c.name, count(p.seq) AS productCount
       FROM categories c LEFT JOIN products p ON p.category_id = c.id AND p.status = 'active'
       GROUP BY c.id ORDER BY c.name`,
    )
    .all<CategoryCount>();
  return results;
}
