import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** What an endpoint can subscribe to (see docs/webhooks.md for each one's `data`). */
export const WEBHOOK_EVENT_TYPES = [
  "order.paid",
  "order.shipped",
  "order.fulfilled",
  "order.refunded",
  "order.cancelled",
  "order.fulfillment_failed",
  "order.return_requested",
  "order.return_approved",
  "order.return_refused",
  "order.return_received",
  "product.updated",
  "inventory.low",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ["pending", "sending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Where integrations (an ERP, a 3PL, a marketing tool) want to hear of changes, and what of. */
export const webhookEndpoints = sqliteTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  /** A JSON array of event types. */
  events: text("events", { mode: "json" }).notNull().$type<WebhookEventType[]>(),
  /** Signs every delivery (HMAC-SHA256); shown once, when the endpoint is registered. */
  secret: text("secret").notNull(),
  description: text("description"),
  createdAt: text("created_at").notNull(),
  disabledAt: text("disabled_at"),
});

/**
 * One change that endpoints subscribed to. Rows are written by triggers (migration 0017) on
 * `order_events` and `products`, so an event exists exactly when its change committed: in the
 * same statement, hence the same D1 batch. `body` is the delivered JSON, frozen the first time a
 * drain sends it, so every attempt and every endpoint gets the same bytes.
 */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    orderId: text("order_id"),
    /** The change it came from: `order_events:<id>`, or `products:<seq>` (for reading the log). */
    source: text("source").notNull(),
    /** What the change itself recorded (a refund's amounts, a tracking number, a product). */
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    body: text("body"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("webhook_events_order").on(t.orderId),
    index("webhook_events_created").on(t.createdAt),
  ],
);

/** Each event's delivery to each endpoint subscribed when it happened: the delivery log. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.id),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Unix milliseconds. */
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    leaseId: text("lease_id"),
    leaseUntil: integer("lease_until"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    deliveredAt: text("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_endpoint").on(t.eventId, t.endpointId),
    index("webhook_deliveries_due").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_endpoint").on(t.endpointId, t.id),
  ],
);
