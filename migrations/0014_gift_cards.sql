CREATE TABLE `gift_cards` (
	`key` text PRIMARY KEY NOT NULL,
	`last4` text NOT NULL,
	`currency` text NOT NULL,
	`initial_amount` integer NOT NULL,
	`source` text NOT NULL,
	`order_id` text,
	`note` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `orders` ADD `gift_card_key` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `gift_card_last4` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `gift_card_amount` integer DEFAULT 0 NOT NULL;