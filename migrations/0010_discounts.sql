CREATE TABLE `discounts` (
	`code_key` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`value` integer,
	`currency` text,
	`usage_limit` integer,
	`per_customer_limit` integer,
	`starts_at` text,
	`ends_at` text,
	`min_subtotal` text,
	`markets` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "discounts_value" CHECK("discounts"."value" IS NULL OR "discounts"."value" > 0)
);
