-- drizzle-kit rebuilds the table to drop NOT NULL from subject and body; nothing references
-- outbox, and D1 defers (never disables) foreign key checks. Old rows keep their text and get
-- rendered again (html is NULL) at their first attempt.
PRAGMA defer_foreign_keys = on;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text,
	`body` text,
	`html` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`lease_id` text,
	`lease_until` text,
	`last_error` text,
	`resends` integer DEFAULT 0 NOT NULL,
	`provider` text,
	`provider_message_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "order_id", "kind", "recipient", "subject", "body", "created_at", "sent_at", "status") SELECT "id", "order_id", "kind", "recipient", "subject", "body", "created_at", "sent_at", CASE WHEN "sent_at" IS NULL THEN 'pending' ELSE 'sent' END FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA defer_foreign_keys = off;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_order_kind` ON `outbox` (`order_id`,`kind`);--> statement-breakpoint
CREATE INDEX `outbox_status_next` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_created` ON `outbox` (`created_at`);