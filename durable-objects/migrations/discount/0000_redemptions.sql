CREATE TABLE `redemptions` (
	`hold_id` text PRIMARY KEY NOT NULL,
	`customer` text NOT NULL,
	`state` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `redemptions_state` ON `redemptions` (`state`,`expires_at`);--> statement-breakpoint
CREATE INDEX `redemptions_customer` ON `redemptions` (`customer`,`state`);