import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const categories = sqliteTable("categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull().default(now),
});

export const products = sqliteTable(
  "products",
  {
    // Integer key: a stable rowid for the FTS5 index and a cheap keyset cursor.
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    imageUrl: text("image_url"),
    status: text("status", { enum: ["active", "archived"] })
      .notNull()
      .default("active"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [
    index("products_status_seq").on(t.status, t.seq),
    index("products_category_status_seq").on(t.categoryId, t.status, t.seq),
  ],
);

export const variants = sqliteTable(
  "variants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productSeq: integer("product_seq")
      .notNull()
      .references(() => products.seq),
    sku: text("sku").notNull().unique(),
    title: text("title").notNull(),
    priceAmount: integer("price_amount").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    index("variants_product_position").on(t.productSeq, t.position),
    check("variants_price_nonnegative", sql`${t.priceAmount} >= 0`),
  ],
);

// Availability snapshots published by each sku's InventoryObject, for catalog reads only.
// The object itself stays the authority; `version` orders racing publishes.
export const stockLevels = sqliteTable("stock_levels", {
  sku: text("sku").primaryKey(),
  onHand: integer("on_hand").notNull(),
  reserved: integer("reserved").notNull(),
  available: integer("available").notNull(),
  version: integer("version").notNull(),
  updatedAt: text("updated_at").notNull().default(now),
});

export const customers = sqliteTable("customers", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  // Lower-cased email: uniqueness and login are case-insensitive, display keeps the given case.
  emailKey: text("email_key").notNull().unique(),
  name: text("name"),
  passwordHash: text("password_hash").notNull(),
  createdAt: text("created_at").notNull().default(now),
});
