import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { products } from "./schema";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/**
 * A product's pictures, in their order: each an uploaded file in R2 (`<sha256>.<ext>`, its bytes
 * checked whole when uploaded) with its size in pixels and its alt text. A picture may be of some
 * variants only (`skus`, e.g. the red ones); one of none is of the whole product.
 */
export const productImages = sqliteTable(
  "product_images",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productSeq: integer("product_seq")
      .notNull()
      .references(() => products.seq),
    file: text("file").notNull(),
    alt: text("alt").notNull().default(""),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    position: integer("position").notNull(),
    skus: text("skus", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("product_images_product_position").on(t.productSeq, t.position)],
);
