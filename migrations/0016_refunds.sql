CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text,
	`source` text NOT NULL,
	`status` text NOT NULL,
	`amount` integer NOT NULL,
	`card_amount` integer NOT NULL,
	`gift_card_amount` integer NOT NULL,
	`kept` integer DEFAULT 0 NOT NULL,
	`lines` text DEFAULT '[]' NOT NULL,
	`reason` text,
	`provider_refund_id` text,
	`created_at` text NOT NULL,
	`settled_at` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "refunds_parts" CHECK("refunds"."amount" = "refunds"."card_amount" + "refunds"."gift_card_amount"),
	CONSTRAINT "refunds_positive" CHECK("refunds"."card_amount" >= 0 AND "refunds"."gift_card_amount" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_order_key` ON `refunds` (`order_id`,`key`);--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_provider_id` ON `refunds` (`provider_refund_id`);--> statement-breakpoint
CREATE INDEX `refunds_status_created` ON `refunds` (`status`,`created_at`);--> statement-breakpoint
DROP INDEX `outbox_order_kind`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `ref` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_order_kind_ref` ON `outbox` (`order_id`,`kind`,`ref`);--> statement-breakpoint
ALTER TABLE `order_lines` ADD `tax` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `refunded_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sweeps` ADD `refunds_settled` integer DEFAULT 0 NOT NULL;