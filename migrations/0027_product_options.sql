ALTER TABLE `products` ADD `options` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `variants` ADD `options` text DEFAULT '{}' NOT NULL;