CREATE TABLE `adjustments` (
	`request_id` text PRIMARY KEY NOT NULL,
	`delta` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `hold_tombstones` (
	`hold_id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
-- Objects made before these migrations already have stock and holds.
CREATE TABLE IF NOT EXISTS `holds` (
	`hold_id` text PRIMARY KEY NOT NULL,
	`quantity` integer NOT NULL,
	`state` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "holds_quantity" CHECK("holds"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `holds_state_expiry` ON `holds` (`state`,`expires_at`);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `stock` (
	`id` integer PRIMARY KEY NOT NULL,
	`sku` text NOT NULL,
	`on_hand` integer NOT NULL,
	`reserved` integer NOT NULL,
	`version` integer NOT NULL,
	`published_version` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stock_one_row" CHECK("stock"."id" = 1),
	CONSTRAINT "stock_on_hand" CHECK("stock"."on_hand" >= 0),
	CONSTRAINT "stock_reserved" CHECK("stock"."reserved" >= 0)
);
