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
import { orders } from "./schema";

/**
 * The once-only order event that says a provider has a paid order and ships it when the goods
 * leave (the merchant's list to pack, a warehouse that acknowledged it): the checkout and the sweep
 * stop sending it to the fulfillment queue.
 */
export const HANDED_OVER = "fulfillment_requested";

/**
 * SQL: the order (`orders` row, under `alias`) gave back all it captured, so it no longer ships,
 * is not handed over, and has nothing left to return. The same rule as `paymentStatus: refunded`.
 */
export const refundedInFull = (alias = "orders") =>
  `(${alias}.refunded_total > 0 AND ${alias}.refunded_total >= ${alias}.total)`;

export const SHIPMENT_SOURCES = ["merchant", "warehouse", "simulated"] as const;
export type ShipmentSource = (typeof SHIPMENT_SOURCES)[number];

/**
 * A parcel that left: some units of some of the order's lines, with its carrier and tracking.
 * Written with its lines, the order's new status, its event and its email in one D1 batch whose
 * first statement inserts it only if no line would ship more units than are left to ship
 * (ordered − shipped − refunded by line), so racing shipments cannot ship a unit twice.
 */
export const shipments = sqliteTable(
  "shipments",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    /** 1, 2, … in the order. */
    number: integer("number").notNull(),
    /** The request's Idempotency-Key, the warehouse's shipment id, or `simulated`. */
    key: text("key").notNull(),
    /** A hash of the request that made it: the same key with another body is refused. */
    requestHash: text("request_hash"),
    source: text("source", { enum: SHIPMENT_SOURCES }).notNull(),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    trackingUrl: text("tracking_url"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("shipments_order_key").on(t.orderId, t.key),
    uniqueIndex("shipments_order_number").on(t.orderId, t.number),
  ],
);

export const shipmentLines = sqliteTable(
  "shipment_lines",
  {
    shipmentId: text("shipment_id")
      .notNull()
      .references(() => shipments.id),
    orderId: text("order_id").notNull(),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shipmentId, t.sku] }),
    index("shipment_lines_order_sku").on(t.orderId, t.sku),
    check("shipment_lines_positive", sql`${t.quantity} > 0`),
  ],
);

export const RETURN_STATUSES = ["requested", "approved", "refused", "received"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/**
 * A shopper's request to send units of shipped lines back: `requested` → `approved` or
 * `refused` → (approved) `received`, when the units may go back to stock and the refund of those
 * lines is written to the order's ledger (`refund_id`, source `return`). Inserted by one guarded
 * statement: never more units than shipped, less those of other returns not refused.
 */
export const returns = sqliteTable(
  "returns",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    number: integer("number").notNull(),
    key: text("key").notNull(),
    /** A hash of the request that made it: the same key with another body is refused. */
    requestHash: text("request_hash"),
    status: text("status", { enum: RETURN_STATUSES }).notNull(),
    /** `[{ sku, quantity }]`. */
    lines: text("lines", { mode: "json" }).notNull(),
    reason: text("reason"),
    /** The merchant's word to the shopper (why refused, say). */
    note: text("note"),
    /** Whether the received units went back to stock; null until received. */
    restock: integer("restock", { mode: "boolean" }),
    refundId: text("refund_id"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("returns_order_key").on(t.orderId, t.key),
    uniqueIndex("returns_order_number").on(t.orderId, t.number),
    index("returns_status_created").on(t.status, t.createdAt),
  ],
);
