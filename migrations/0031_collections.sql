CREATE TABLE `collection_products` (
	`collection_seq` integer NOT NULL,
	`product_seq` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`collection_seq`, `product_seq`),
	FOREIGN KEY (`collection_seq`) REFERENCES `collections`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_seq`) REFERENCES `products`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `collections` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`rule` text DEFAULT '{}' NOT NULL,
	`sort` text DEFAULT 'manual' NOT NULL,
	`featured` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `collections_slug_unique` ON `collections` (`slug`);--> statement-breakpoint
CREATE INDEX `collections_featured` ON `collections` (`featured`);--> statement-breakpoint
CREATE TABLE `product_tags` (
	`product_seq` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`product_seq`, `tag`),
	FOREIGN KEY (`product_seq`) REFERENCES `products`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_tags_tag` ON `product_tags` (`tag`);