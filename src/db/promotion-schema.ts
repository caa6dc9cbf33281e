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
    status: text("status", { enum: DISCOUNT_STATUSES }).notNull().default("active"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [check("discounts_value", sql`${t.value} IS NULL OR ${t.value} > 0`)],
);
