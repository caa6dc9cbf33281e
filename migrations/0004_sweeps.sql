CREATE TABLE `sweeps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`checkouts_settled` integer NOT NULL,
	`fulfillments_resent` integer NOT NULL,
	`cancels_resumed` integer NOT NULL,
	`failures` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sweeps_at` ON `sweeps` (`at`);