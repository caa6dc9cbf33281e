CREATE TABLE `cancellations` (
	`order_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`refund_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`wake_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cancellations_wake` ON `cancellations` (`wake_at`);--> statement-breakpoint
-- Carts made before these migrations keep their lines; their old idempotency table had another shape.
DROP TABLE IF EXISTS `checkouts`;--> statement-breakpoint
CREATE TABLE `checkouts` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text NOT NULL,
	`request` text NOT NULL,
	`order` text,
	`authorization_id` text,
	`payment_id` text,
	`paid_at` text,
	`failure` text,
	`reply_status` integer,
	`reply_body` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`wake_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkouts_idempotency_key_unique` ON `checkouts` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `checkouts_wake` ON `checkouts` (`wake_at`);--> statement-breakpoint
CREATE INDEX `checkouts_created` ON `checkouts` (`created_at`);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `lines` (
	`sku` text PRIMARY KEY NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
