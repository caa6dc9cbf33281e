CREATE TABLE `markets` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text NOT NULL,
	`locale` text NOT NULL,
	`prices_include_tax` integer NOT NULL,
	`countries` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `markets_one_default` ON `markets` (`is_default`) WHERE "markets"."is_default" = 1;--> statement-breakpoint
CREATE TABLE `prices` (
	`sku` text NOT NULL,
	`market` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`market`, `sku`),
	CONSTRAINT "prices_amount_nonnegative" CHECK("prices"."amount" >= 0)
);
--> statement-breakpoint
CREATE INDEX `prices_sku` ON `prices` (`sku`);--> statement-breakpoint
CREATE TABLE `shipping_methods` (
	`id` text PRIMARY KEY NOT NULL,
	`zone` text NOT NULL,
	`name` text NOT NULL,
	`amount` integer NOT NULL,
	`free_over` integer,
	`estimate` text,
	`tax_class` text DEFAULT 'standard' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shipping_zones` (
	`id` text PRIMARY KEY NOT NULL,
	`market` text NOT NULL,
	`name` text NOT NULL,
	`countries` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tax_rates` (
	`country` text NOT NULL,
	`region` text DEFAULT '' NOT NULL,
	`tax_class` text NOT NULL,
	`name` text NOT NULL,
	`rate` integer NOT NULL,
	PRIMARY KEY(`country`, `region`, `tax_class`),
	CONSTRAINT "tax_rates_rate" CHECK("tax_rates"."rate" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
ALTER TABLE `orders` ADD `market` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `number` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `tax` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `tax_lines` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `prices_include_tax` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `shipping_method` text;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number` ON `orders` (`number`);--> statement-breakpoint
ALTER TABLE `variants` ADD `tax_class` text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
-- Orders placed so far get numbers from 1001 in the order they were placed.
UPDATE `orders` SET `number` = n.`num` FROM (
  SELECT `id`, 1000 + row_number() OVER (ORDER BY `created_at`, `id`) AS `num` FROM `orders`
) AS n WHERE n.`id` = `orders`.`id`;
