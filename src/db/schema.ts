import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { TAX_CLASSES } from "../tax/compute";
import { EMAIL_KINDS, EMAIL_STATUSES } from "./email-kinds";

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
    /** Its option axes in order, each with its values in order: `[{ name, values }]`. */
    options: text("options", { mode: "json" })
      .$type<{ name: string; values: string[] }[]>()
      .notNull()
      .default(sql`'[]'`),
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
    /** How many InventoryObjects share this sku's stock (see `src/inventory.ts`); only grows. */
    stockShards: integer("stock_shards").notNull().default(1),
    /** What the sku is taxed as, at each place's rate for the class (see `src/tax/compute.ts`). */
    taxClass: text("tax_class", { enum: TAX_CLASSES }).notNull().default("standard"),
    /** A gift card sold as a product: each unit paid issues a card of its price (untaxed). */
    giftCard: integer("gift_card", { mode: "boolean" }).notNull().default(false),
    /** Its value of each of the product's options: `{ Size: "M", Colour: "Black" }`. */
    options: text("options", { mode: "json" })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
  },
  (t) => [
    index("variants_product_position").on(t.productSeq, t.position),
    // One variant per combination of a product's options (stored in the axes' order).
    uniqueIndex("variants_product_options")
      .on(t.productSeq, t.options)
      .where(sql`${t.options} <> '{}'`),
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

// Each stock object's own snapshot (shard 0 is the sku's home object); `stock_levels` is their sum.
export const stockShardLevels = sqliteTable(
  "stock_shard_levels",
  {
    sku: text("sku").notNull(),
    shard: integer("shard").notNull(),
    onHand: integer("on_hand").notNull(),
    reserved: integer("reserved").notNull(),
    available: integer("available").notNull(),
    version: integer("version").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sku, t.shard] })],
);

export const customers = sqliteTable("customers", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  // Lower-cased email: uniqueness and login are case-insensitive, display keeps the given case.
  emailKey: text("email_key").notNull().unique(),
  name: text("name"),
  passwordHash: text("password_hash").notNull(),
  createdAt: text("created_at").notNull().default(now),
  /** Raised to end every session at once (a reset, "sign out everywhere"): older tokens are refused. */
  sessionVersion: integer("session_version").notNull().default(0),
  /** When the customer followed the link sent to `email`; null until then (the account works). */
  emailVerifiedAt: text("email_verified_at"),
});

export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  /** Some of it shipped; `fulfilled` once nothing is left to ship. */
  "partially_fulfilled",
  "fulfilled",
  "cancelled",
  "payment_failed",
  "fulfillment_failed",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    shopperId: text("shopper_id").notNull(),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    email: text("email").notNull(),
    shippingAddress: text("shipping_address", { mode: "json" }).notNull(),
    currency: text("currency").notNull(),
    subtotal: integer("subtotal").notNull(),
    shipping: integer("shipping").notNull(),
    total: integer("total").notNull(),
    paymentId: text("payment_id"),
    /** The market the order was bought in; null for orders from before markets (the default's). */
    market: text("market"),
    /** What people call the order: 1001, 1002, … in the order they were placed. */
    number: integer("number"),
    discountTotal: integer("discount_total").notNull().default(0),
    /** `[{ code, title, amount }]`: the discounts `discount_total` adds up. */
    discounts: text("discounts", { mode: "json" }).notNull().default(sql`'[]'`),
    tax: integer("tax").notNull().default(0),
    taxLines: text("tax_lines", { mode: "json" }).notNull().default(sql`'[]'`),
    pricesIncludeTax: integer("prices_include_tax", { mode: "boolean" }).notNull().default(false),
    /** `{ id, name }` of the shipping method chosen; null for orders from before markets. */
    shippingMethod: text("shipping_method", { mode: "json" }),
    /** The gift card that paid part (or all) of `total`: its key and last four, and how much. */
    giftCardKey: text("gift_card_key"),
    giftCardLast4: text("gift_card_last4"),
    giftCardAmount: integer("gift_card_amount").notNull().default(0),
    /** The sum of the order's `succeeded` refunds (see `src/db/refund-schema.ts`). */
    refundedTotal: integer("refunded_total").notNull().default(0),
    /** The shop's origin the checkout came through: the order's emails link to its page there. */
    origin: text("origin"),
    /** Raised to revoke every link to the order sent so far (see `src/orders/order-links.ts`). */
    linkVersion: integer("link_version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    // The UTC day of the order, for the sales report's range scans.
    day: text("day").generatedAlwaysAs(sql`substr(created_at, 1, 10)`, { mode: "virtual" }),
  },
  (t) => [
    index("orders_shopper_created").on(t.shopperId, t.createdAt, t.id),
    index("orders_status_created").on(t.status, t.createdAt, t.id),
    index("orders_created").on(t.createdAt, t.id),
    index("orders_status_day").on(t.status, t.day),
    uniqueIndex("orders_number").on(t.number),
  ],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    sku: text("sku").notNull(),
    title: text("title").notNull(),
    variantTitle: text("variant_title").notNull(),
    unitPrice: integer("unit_price").notNull(),
    quantity: integer("quantity").notNull(),
    lineTotal: integer("line_total").notNull(),
    /** The part of the order's discounts allocated to this line (see `src/promotions/allocate.ts`). */
    discount: integer("discount").notNull().default(0),
    /** The tax of the line after its discount (contained in it where prices include tax). */
    tax: integer("tax").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.sku] })],
);

export const orderEvents = sqliteTable(
  "order_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    type: text("type").notNull(),
    at: text("at").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    // Set for events that must happen once per order (e.g. `fulfilled`), so redelivery adds nothing.
    once: text("once"),
  },
  (t) => [
    index("order_events_order").on(t.orderId, t.id),
    uniqueIndex("order_events_once").on(t.orderId, t.once).where(sql`${t.once} IS NOT NULL`),
  ],
);

export {
  ACCOUNT_EMAIL_KINDS,
  type AccountEmailKind,
  EMAIL_KINDS,
  EMAIL_STATUSES,
  type EmailKind,
  type EmailStatus,
  type OrderEmailKind,
} from "./email-kinds";

/**
 * Emails to send, written in the same batch as the change that causes them (one per order and
 * kind), drained by src/emails/drain.ts. Subject and bodies are rendered at the first attempt and
 * kept, so every retry and a resend send the same message.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The order it tells of; null for an account's email (a password reset), whose `ref` says which. */
    orderId: text("order_id").references(() => orders.id),
    kind: text("kind", { enum: EMAIL_KINDS }).notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject"),
    /** The plain-text part. */
    body: text("body"),
    html: text("html"),
    status: text("status", { enum: EMAIL_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull().default(now),
    /** The drain run that claimed the row (`sending`) and until when; a stale lease is taken over. */
    leaseId: text("lease_id"),
    leaseUntil: text("lease_until"),
    lastError: text("last_error"),
    /** Bumped by each resend, so the provider's idempotency key of a resend is a new one. */
    resends: integer("resends").notNull().default(0),
    /** What the email is about beyond its order and kind: the refund's id for each refund's email. */
    ref: text("ref").notNull().default(""),
    provider: text("provider"),
    providerMessageId: text("provider_message_id"),
    createdAt: text("created_at").notNull().default(now),
    sentAt: text("sent_at"),
  },
  (t) => [
    uniqueIndex("outbox_order_kind_ref").on(t.orderId, t.kind, t.ref),
    index("outbox_status_next").on(t.status, t.nextAttemptAt),
    // The emails sent to one address (GET /api/v1/admin/emails?to=), newest first.
    index("outbox_recipient").on(sql`lower(${t.recipient})`, t.id),
    index("outbox_created").on(t.createdAt),
  ],
);

/** One row per run of the reconciliation sweep: what it found unsettled and drove on. */
export const sweeps = sqliteTable(
  "sweeps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull().default(now),
    checkoutsSettled: integer("checkouts_settled").notNull(),
    fulfillmentsResent: integer("fulfillments_resent").notNull(),
    cancelsResumed: integer("cancels_resumed").notNull(),
    refundsSettled: integer("refunds_settled").notNull().default(0),
    failures: integer("failures").notNull(),
  },
  (t) => [index("sweeps_at").on(t.at)],
);

/** Stripe webhook events already applied, by event id: a redelivered event changes nothing. */
export const stripeEvents = sqliteTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  orderId: text("order_id"),
  outcome: text("outcome").notNull(),
  receivedAt: text("received_at").notNull().default(now),
});
