CREATE TABLE `card` (
	`id` integer PRIMARY KEY NOT NULL,
	`currency` text NOT NULL,
	`initial` integer NOT NULL,
	`status` text NOT NULL,
	`issued_at` integer NOT NULL,
	CONSTRAINT "card_one" CHECK("card"."id" = 1),
	CONSTRAINT "card_initial" CHECK("card"."initial" > 0)
);
--> statement-breakpoint
CREATE TABLE `credits` (
	`credit_id` text PRIMARY KEY NOT NULL,
	`hold_id` text NOT NULL,
	`amount` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `spends` (
	`hold_id` text PRIMARY KEY NOT NULL,
	`amount` integer NOT NULL,
	`state` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spends_state` ON `spends` (`state`,`expires_at`);