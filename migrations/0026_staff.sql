CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`email_key` text NOT NULL,
	`name` text,
	`role` text NOT NULL,
	`password_hash` text,
	`totp_secret` text,
	`totp_last_step` integer,
	`session_version` integer DEFAULT 0 NOT NULL,
	`invited_by` text NOT NULL,
	`created_at` text NOT NULL,
	`joined_at` text,
	`last_sign_in_at` text,
	`removed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_live_email` ON `staff` (`email_key`) WHERE removed_at IS NULL;--> statement-breakpoint
CREATE TABLE `staff_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`staff_id` text NOT NULL,
	`origin` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_invites_token_hash_unique` ON `staff_invites` (`token_hash`);--> statement-breakpoint
CREATE INDEX `staff_invites_staff` ON `staff_invites` (`staff_id`,`created_at`);