ALTER TABLE `orders` ADD `origin` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `link_version` integer DEFAULT 1 NOT NULL;