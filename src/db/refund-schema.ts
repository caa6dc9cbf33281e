import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orders } from "./schema";

export const REFUND_SOURCES = ["admin", "cancel", "provider", "return"] as const;
export type RefundSource = (typeof REFUND_SOURCES)[number];

export const REFUND_STATUSES = ["pending", "succeeded", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * The one ledger of an order's refunds, whatever made them: the back office or the API, a cancel,
 * or the payment provider's dashboard. A row is written (`pending`) before any money moves, by one
 * conditional statement that refuses it when the order's refunds would add up to more than was
 * captured (of the card's part and of the gift card's part), so racing refunds cannot together
 * exceed the capture; it is `succeeded` once the money moved, `failed` (all its parts zero, what it
 * asked in `asked`) when the provider refused it for good. See `src/refunds/ledger.ts`.
 */
export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    /** The request's Idempotency-Key; `full` for the refund in full; `provider:<id>` for one made outside. */
    key: text("key").notNull(),
    requestHash: text("request_hash"),
    source: text("source", { enum: REFUND_SOURCES }).notNull(),
    status: text("status", { enum: REFUND_STATUSES }).notNull(),
    amount: integer("amount").notNull(),
    /** The part back to the card paid with (through the provider), and to the gift card paid with. */
    cardAmount: integer("card_amount").notNull(),
    giftCardAmount: integer("gift_card_amount").notNull(),
    /** What a refund in full kept back: what was spent of the gift cards the order bought. */
    kept: integer("kept").notNull().default(0),
    /** `[{ sku, quantity }]` refunded by line; empty for a refund by amount. */
    lines: text("lines", { mode: "json" }).notNull().default(sql`'[]'`),
    reason: text("reason"),
    providerRefundId: text("provider_refund_id"),
    createdAt: text("created_at").notNull(),
    settledAt: text("settled_at"),
    /**
     * What was asked, when the refund gave back less (the provider refused the card's part for
     * good, or the gift card took less credit); null when it gave back all it asked.
     */
    asked: integer("asked"),
    /** Why it gave back less than asked (or nothing: `failed`), in the provider's words. */
    failure: text("failure"),
    /** When the sweep last tried to finish it, so one that keeps failing lets the others go first. */
    attemptedAt: text("attempted_at"),
  },
  (t) => [
    uniqueIndex("refunds_order_key").on(t.orderId, t.key),
    uniqueIndex("refunds_provider_id").on(t.providerRefundId),
    index("refunds_status_created").on(t.status, t.createdAt),
    check("refunds_parts", sql`${t.amount} = ${t.cardAmount} + ${t.giftCardAmount}`),
    check("refunds_positive", sql`${t.cardAmount} >= 0 AND ${t.giftCardAmount} >= 0`),
  ],
);
