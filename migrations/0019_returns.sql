CREATE TABLE `returns` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`number` integer NOT NULL,
	`key` text NOT NULL,
	`status` text NOT NULL,
	`lines` text NOT NULL,
	`reason` text,
	`note` text,
	`restock` integer,
	`refund_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `returns_order_key` ON `returns` (`order_id`,`key`);--> statement-breakpoint
CREATE UNIQUE INDEX `returns_order_number` ON `returns` (`order_id`,`number`);--> statement-breakpoint
CREATE INDEX `returns_status_created` ON `returns` (`status`,`created_at`);--> statement-breakpoint
ALTER TABLE `refunds` ADD `attempted_at` text;