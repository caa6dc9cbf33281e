import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The tables inside each CartObject (Durable Object SQLite storage). Changes go through
 * `npm run db:generate:do`, and every object applies the migrations when it starts.
 */

export const lines = sqliteTable("lines", {
  sku: text("sku").primaryKey(),
  quantity: integer("quantity").notNull(),
  addedAt: integer("added_at").notNull(),
});

export const meta = sqliteTable("meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * One row per checkout of this cart: the record of the process of `src/checkout/process.ts`.
 * `state` names the step that runs (or may have half run) next; `outcome` is its answer once it
 * has one (`{ kind: "paid" | "refused" | "waiting", … }`, see `CheckoutOutcome`).
 */
export const checkouts = sqliteTable(
  "checkouts",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    requestHash: text("request_hash").notNull(),
    state: text("state").notNull(),
    request: text("request", { mode: "json" }).notNull(),
    order: text("order", { mode: "json" }),
    authorizationId: text("authorization_id"),
    paymentId: text("payment_id"),
    paidAt: text("paid_at"),
    failure: text("failure", { mode: "json" }),
    outcome: text("outcome", { mode: "json" }),
    attempts: integer("attempts").notNull().default(0),
    wakeAt: integer("wake_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("checkouts_wake").on(t.wakeAt), index("checkouts_created").on(t.createdAt)],
);

/** One row per cancel of one of this shopper's orders: claim, refund, restock, each recorded. */
export const cancellations = sqliteTable(
  "cancellations",
  {
    orderId: text("order_id").primaryKey(),
    state: text("state").notNull(),
    refundId: text("refund_id"),
    attempts: integer("attempts").notNull().default(0),
    wakeAt: integer("wake_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("cancellations_wake").on(t.wakeAt)],
);
