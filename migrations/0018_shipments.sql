CREATE TABLE `shipment_lines` (
	`shipment_id` text NOT NULL,
	`order_id` text NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`shipment_id`, `sku`),
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipment_lines_positive" CHECK("shipment_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `shipment_lines_order_sku` ON `shipment_lines` (`order_id`,`sku`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`number` integer NOT NULL,
	`key` text NOT NULL,
	`source` text NOT NULL,
	`carrier` text,
	`tracking_number` text,
	`tracking_url` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_order_key` ON `shipments` (`order_id`,`key`);--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_order_number` ON `shipments` (`order_id`,`number`);--> statement-breakpoint
-- Orders fulfilled before shipments were recorded: one parcel of everything, with the tracking
-- number of their `fulfilled` event (fulfillment was simulated then).
INSERT INTO shipments (id, order_id, number, key, source, carrier, tracking_number, tracking_url, created_at)
SELECT 'shp_' || lower(hex(randomblob(10))), o.id, 1, 'before-shipments', 'simulated', NULL,
  (SELECT e.data ->> 'trackingNumber' FROM order_events e WHERE e.order_id = o.id AND e.type = 'fulfilled' LIMIT 1),
  NULL,
  coalesce((SELECT e.at FROM order_events e WHERE e.order_id = o.id AND e.type = 'fulfilled' LIMIT 1), o.updated_at)
FROM orders o WHERE o.status = 'fulfilled';
--> statement-breakpoint
INSERT INTO shipment_lines (shipment_id, order_id, sku, quantity)
SELECT s.id, s.order_id, ol.sku, ol.quantity
FROM shipments s JOIN order_lines ol ON ol.order_id = s.order_id
WHERE s.key = 'before-shipments';
