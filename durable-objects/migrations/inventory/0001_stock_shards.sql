CREATE TABLE `transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`peer` integer NOT NULL,
	`state` text NOT NULL,
	`units` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `stock` ADD `shard` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `stock` ADD `shards` integer DEFAULT 1 NOT NULL;