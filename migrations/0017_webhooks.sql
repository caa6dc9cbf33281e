CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`lease_id` text,
	`lease_until` integer,
	`last_status` integer,
	`last_error` text,
	`created_at` text NOT NULL,
	`delivered_at` text,
	FOREIGN KEY (`event_id`) REFERENCES `webhook_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_event_endpoint` ON `webhook_deliveries` (`event_id`,`endpoint_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint` ON `webhook_deliveries` (`endpoint_id`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret` text NOT NULL,
	`description` text,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`order_id` text,
	`source` text NOT NULL,
	`data` text,
	`body` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_events_order` ON `webhook_events` (`order_id`);--> statement-breakpoint
CREATE INDEX `webhook_events_created` ON `webhook_events` (`created_at`);--> statement-breakpoint
-- Webhook events are written by triggers, in the statement that made the change: an event exists
-- exactly when its change committed, and no code path that changes an order can forget one. Only
-- when an enabled endpoint subscribes to the type; each subscribed endpoint gets a delivery, which
-- reads the event just inserted through an uncorrelated subquery (evaluated once: each delivery
-- inserted changes last_insert_rowid()).
CREATE TRIGGER `webhook_order_events` AFTER INSERT ON `order_events`
WHEN NEW.type IN ('paid', 'shipped', 'fulfilled', 'refunded', 'cancelled', 'fulfillment_failed',
                  'return_requested', 'return_approved', 'return_refused', 'return_received')
  AND EXISTS (
    SELECT 1 FROM webhook_endpoints e, json_each(e.events) t
    WHERE e.disabled_at IS NULL AND t.value = 'order.' || NEW.type
  )
BEGIN
  INSERT INTO webhook_events (id, type, order_id, source, data, created_at)
  VALUES ('evt_' || lower(hex(randomblob(12))), 'order.' || NEW.type, NEW.order_id,
          'order_events:' || NEW.id, NEW.data, NEW.at);
  INSERT INTO webhook_deliveries (event_id, endpoint_id, created_at)
  SELECT (SELECT id FROM webhook_events WHERE rowid = last_insert_rowid()), e.id,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM webhook_endpoints e
  WHERE e.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(e.events) t WHERE t.value = 'order.' || NEW.type);
END;
--> statement-breakpoint
CREATE TRIGGER `webhook_product_updates` AFTER UPDATE ON `products`
WHEN EXISTS (
  SELECT 1 FROM webhook_endpoints e, json_each(e.events) t
  WHERE e.disabled_at IS NULL AND t.value = 'product.updated'
)
BEGIN
  INSERT INTO webhook_events (id, type, order_id, source, data, created_at)
  VALUES ('evt_' || lower(hex(randomblob(12))), 'product.updated', NULL, 'products:' || NEW.seq,
          json_object('product', json_object('id', NEW.id, 'slug', NEW.slug, 'title', NEW.title,
            'status', NEW.status, 'imageUrl', NEW.image_url, 'updatedAt', NEW.updated_at)),
          strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  INSERT INTO webhook_deliveries (event_id, endpoint_id, created_at)
  SELECT (SELECT id FROM webhook_events WHERE rowid = last_insert_rowid()), e.id,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM webhook_endpoints e
  WHERE e.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(e.events) t WHERE t.value = 'product.updated');
END;
--> statement-breakpoint
-- A sku's available stock (on hand less held, all shards) falls to 5 units or fewer from more.
CREATE TRIGGER `webhook_stock_low` AFTER UPDATE OF `available` ON `stock_levels`
WHEN OLD.available > 5 AND NEW.available <= 5
  AND EXISTS (
    SELECT 1 FROM webhook_endpoints e, json_each(e.events) t
    WHERE e.disabled_at IS NULL AND t.value = 'inventory.low'
  )
BEGIN
  INSERT INTO webhook_events (id, type, order_id, source, data, created_at)
  VALUES ('evt_' || lower(hex(randomblob(12))), 'inventory.low', NULL, 'stock_levels:' || NEW.sku,
          json_object('sku', NEW.sku, 'available', NEW.available, 'onHand', NEW.on_hand,
            'reserved', NEW.reserved),
          strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  INSERT INTO webhook_deliveries (event_id, endpoint_id, created_at)
  SELECT (SELECT id FROM webhook_events WHERE rowid = last_insert_rowid()), e.id,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM webhook_endpoints e
  WHERE e.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(e.events) t WHERE t.value = 'inventory.low');
END;
