import * as z from "zod";
import { decodeCursor, encodeCursor } from "../cursor";
import type { PriceList } from "../markets/market";
import { type CatalogPage, type SummaryRow, summaryOf } from "./queries";

export const LISTING_SORTS = ["newest", "price_asc", "price_desc", "best_selling"] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

/** A browse of the catalog narrowed or ordered otherwise than newest first. */
export interface Refinement {
  sort?: ListingSort | undefined;
  /** The product's lowest price in the market, in minor units, from and to (inclusive). */
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Only products with a unit available in the stock snapshot. */
  inStock?: boolean | undefined;
  /** Only products with a variant of these option values (`{ Size: "M" }`). */
  options?: Record<string, string> | undefined;
}

export const isRefined = (r: Refinement) =>
  (r.sort !== undefined && r.sort !== "newest") ||
  r.minPrice !== undefined ||
  r.maxPrice !== undefined ||
  r.inStock === true ||
  Object.keys(r.options ?? {}).length > 0;

/** Units sold of a product in orders that were paid. */
export const SOLD_SQL = `(SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
  JOIN variants sv ON sv.sku = l.sku WHERE sv.product_seq = p.seq
  AND o.status IN ('paid', 'partially_fulfilled', 'fulfilled'))`;

const ORDER: Record<ListingSort, string> = {
  newest: "seq DESC",
  price_asc: "min_price, seq DESC",
  price_desc: "min_price DESC, seq DESC",
  best_selling: "sold DESC, seq DESC",
};

const OffsetCursor = z.object({ o: z.number().int().min(0).max(100_000) });

/**
 * One page of the active products sold in `list`'s market that match `refine`, in its order.
 * Pages go by offset (`{ o }` in the cursor): the orders are by computed values.
 */
export async function queryRefinedPage(
  db: D1Database,
  filter: { category?: string | undefined; limit: number; cursor?: string | undefined },
  list: PriceList,
  refine: Refinement,
): Promise<CatalogPage> {
  const params: unknown[] = [];
  const bind = (value: unknown) => `?${params.push(value)}`;
  const market = list.own ? "" : bind(list.market);
  const price = list.own ? "v.price_amount" : "pr.amount";
  const join = list.own ? "" : `JOIN prices pr ON pr.market = ${market} AND pr.sku = v.sku`;
  const priced = `FROM variants v ${join} WHERE v.product_seq = p.seq`;
  const where = ["p.status = 'active'"];
  if (filter.category) where.push(`c.slug = ${bind(filter.category)}`);
  for (const [name, value] of Object.entries(refine.options ?? {})) {
    where.push(
      `EXISTS (SELECT 1 FROM variants ov WHERE ov.product_seq = p.seq AND json_extract(ov.options, ${bind(`$."${name.replaceAll('"', "")}"`)}) = ${bind(value)})`,
    );
  }
  if (refine.inStock) {
    where.push(
      "EXISTS (SELECT 1 FROM variants sv JOIN stock_levels s ON s.sku = sv.sku WHERE sv.product_seq = p.seq AND s.available > 0)",
    );
  }
  const bounds = ["min_price IS NOT NULL"];
  if (refine.minPrice !== undefined) bounds.push(`min_price >= ${bind(refine.minPrice)}`);
  if (refine.maxPrice !== undefined) bounds.push(`min_price <= ${bind(refine.maxPrice)}`);
  const sort = refine.sort ?? "newest";
  const offset = filter.cursor ? decodeCursor(filter.cursor, OffsetCursor).o : 0;
  const sqlText = `SELECT * FROM (
      SELECT p.seq, p.id, p.slug, p.title, c.slug AS category, p.image_url,
        (SELECT min(${price}) ${priced}) AS min_price,
        (SELECT group_concat(v.sku) ${priced}) AS skus,
        ${sort === "best_selling" ? SOLD_SQL : "0"} AS sold
      FROM products p JOIN categories c ON c.id = p.category_id WHERE ${where.join(" AND ")}
    ) WHERE ${bounds.join(" AND ")} ORDER BY ${ORDER[sort]}
    LIMIT ${bind(filter.limit + 1)} OFFSET ${bind(offset)}`;
  const { results } = await db
    .prepare(sqlText)
    .bind(...params)
    .all<SummaryRow>();
  const rows = results.slice(0, filter.limit);
  return {
    items: rows.map((row) => summaryOf(row, list.currency)),
    nextCursor: results.length > filter.limit ? encodeCursor({ o: offset + filter.limit }) : null,
  };
}
