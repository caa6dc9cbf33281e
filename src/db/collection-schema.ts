import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { products } from "./schema";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** What a rule-based collection holds: every listed product that matches all of it. */
export interface CollectionRule {
  category?: string | undefined;
  tag?: string | undefined;
  /** The product's lowest price in the market, in minor units, from and to (inclusive). */
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Only products with a unit to sell now. */
  inStock?: boolean | undefined;
}

export const COLLECTION_SORTS = [
  "manual",
  "newest",
  "price_asc",
  "price_desc",
  "best_selling",
] as const;
export type CollectionSort = (typeof COLLECTION_SORTS)[number];

/**
 * A group of products shown together: `manual` (the merchant's products in the merchant's
 * order) or `rule` (every product matching its rule). `featured` places it on the home page.
 */
export const collections = sqliteTable(
  "collections",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: ["manual", "rule"] }).notNull(),
    rule: text("rule", { mode: "json" }).$type<CollectionRule>().notNull().default(sql`'{}'`),
    sort: text("sort", { enum: COLLECTION_SORTS }).notNull().default("manual"),
    /** Its place among the home page's collections; null: not on the home page. */
    featured: integer("featured"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [index("collections_featured").on(t.featured)],
);

/** A manual collection's products, in the merchant's order. */
export const collectionProducts = sqliteTable(
  "collection_products",
  {
    collectionSeq: integer("collection_seq")
      .notNull()
      .references(() => collections.seq),
    productSeq: integer("product_seq")
      .notNull()
      .references(() => products.seq),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.collectionSeq, t.productSeq] })],
);

/** A product's tags (lowercase words such as `gift` or `summer`), for rules and filters. */
export const productTags = sqliteTable(
  "product_tags",
  {
    productSeq: integer("product_seq")
      .notNull()
      .references(() => products.seq),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.productSeq, t.tag] }), index("product_tags_tag").on(t.tag)],
);
