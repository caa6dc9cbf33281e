CREATE TABLE `stock_shard_levels` (
	`sku` text NOT NULL,
	`shard` integer NOT NULL,
	`on_hand` integer NOT NULL,
	`reserved` integer NOT NULL,
	`available` integer NOT NULL,
	`version` integer NOT NULL,
	PRIMARY KEY(`sku`, `shard`)
);
--> statement-breakpoint
ALTER TABLE `variants` ADD `stock_shards` integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
-- Every sku published so far has one stock object, shard 0.
INSERT INTO `stock_shard_levels` (`sku`, `shard`, `on_hand`, `reserved`, `available`, `version`)
  SELECT `sku`, 0, `on_hand`, `reserved`, `available`, `version` FROM `stock_levels`;
