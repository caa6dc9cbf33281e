CREATE TABLE `promotions` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`value` integer,
	`currency` text,
	`buy_quantity` integer,
	`get_quantity` integer,
	`skus` text,
	`categories` text,
	`markets` text,
	`min_subtotal` text,
	`starts_at` text,
	`ends_at` text,
	`status` text DEFAULT 'active' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "promotions_value" CHECK("promotions"."value" IS NULL OR "promotions"."value" > 0)
);
--> statement-breakpoint
ALTER TABLE `discounts` ADD `skus` text;--> statement-breakpoint
ALTER TABLE `discounts` ADD `categories` text;