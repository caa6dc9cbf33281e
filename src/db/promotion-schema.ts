import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const DISCOUNT_KINDS = ["percentage", "fixed", "free_shipping"] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

export const DISCOUNT_STATUSES = ["active", "paused", "ended"] as const;

/**
 * Discount codes as the merchant defines them. Their uses are counted by each code's
 * `DiscountObject`, the one authority on them; this row says what the code gives and its limits.
 */
export const discounts = sqliteTable(
  "discounts",
  {
    /** The code lower-cased: codes compare case-insensitively. */
    codeKey: text("code_key").primaryKey(),
    /** The code as the merchant wrote it, for display. */
    code: text("code").notNull(),
    kind: text("kind", { enum: DISCOUNT_KINDS }).notNull(),
    /** Percent (1..100) or, for `fixed`, minor units of `currency`; null for free shipping. */
    value: integer("value"),
    currency: text("currency"),
    usageLimit: integer("usage_limit"),
    perCustomerLimit: integer("per_customer_limit"),
    startsAt: text("starts_at"),
    endsAt: text("ends_at"),
    /** `{ amount, currency }`: the subtotal from which it applies. */
    minSubtotal: text("min_subtotal", { mode: "json" }).$type<{
      amount: number;
      currency: string;
    }>(),
    /** Market ids it applies in; null: every market. */
    markets: text("markets", { mode: "json" }).$type<string[]>(),
    /** Skus, and category slugs, whose lines it applies to; both null: every line. */
    skus: text("skus", { mode: "json" }).$type<string[]>(),
    categories: text("categories", { mode: "json" }).$type<string[]>(),
    status: text("status", { enum: DISCOUNT_STATUSES }).notNull().default("active"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [check("discounts_value", sql`${t.value} IS NULL OR ${t.value} > 0`)],
);

export const PROMOTION_KINDS = ["percentage", "fixed", "free_shipping", "buy_x_get_y"] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/**
 * Automatic promotions: rules without a code that apply to every cart they fit, in `position`
 * order, before the cart's code (see `src/promotions/engine.ts`). They have no usage limit, so no
 * authority: they are read with the market set.
 */
export const promotions = sqliteTable(
  "promotions",
  {
    id: text("id").primaryKey(),
    /** What the cart and the order show, e.g. "10% off Footwear". */
    title: text("title").notNull(),
    kind: text("kind", { enum: PROMOTION_KINDS }).notNull(),
    /** Percent, or minor units of `currency` for `fixed`; null for free shipping and buy X get Y. */
    value: integer("value"),
    currency: text("currency"),
    /** Buy X get Y: for every `buy_quantity` units, `get_quantity` more of the cheapest are free. */
    buyQuantity: integer("buy_quantity"),
    getQuantity: integer("get_quantity"),
    skus: text("skus", { mode: "json" }).$type<string[]>(),
    /** Category slugs. */
    categories: text("categories", { mode: "json" }).$type<string[]>(),
    markets: text("markets", { mode: "json" }).$type<string[]>(),
    minSubtotal: text("min_subtotal", { mode: "json" }).$type<{
      amount: number;
      currency: string;
    }>(),
    startsAt: text("starts_at"),
    endsAt: text("ends_at"),
    status: text("status", { enum: DISCOUNT_STATUSES }).notNull().default("active"),
    position: integer("position").notNull().default(0),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [check("promotions_value", sql`${t.value} IS NULL OR ${t.value} > 0`)],
);

/**
 * The gift cards issued: a directory for the back office. The balance is kept by each card's
 * `GiftCardObject`, the one authority on it. Only the SHA-256 of the code is stored (`key`), so
 * the code is a bearer secret shown once, when issued.
 */
export const giftCards = sqliteTable("gift_cards", {
  key: text("key").primaryKey(),
  last4: text("last4").notNull(),
  currency: text("currency").notNull(),
  initialAmount: integer("initial_amount").notNull(),
  /** `admin` (issued in the back office or the admin API) or `order` (bought in the shop). */
  source: text("source", { enum: ["admin", "order"] }).notNull(),
  /** The order that bought it. */
  orderId: text("order_id"),
  note: text("note"),
  status: text("status", { enum: ["active", "void"] })
    .notNull()
    .default("active"),
  createdAt: text("created_at").notNull().default(now),
});
