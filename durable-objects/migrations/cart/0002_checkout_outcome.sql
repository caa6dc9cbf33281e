-- A checkout's answer is kept as a domain outcome rather than an HTTP status and body: the edge
-- (workers/process-reply.ts) renders it. Answers recorded before are carried over: 201 was the
-- paid order, any other status a refusal, a body without a status the wait for 3-D Secure.
ALTER TABLE `checkouts` ADD `outcome` text;--> statement-breakpoint
UPDATE `checkouts` SET `outcome` = CASE
  WHEN `reply_status` = 201 THEN json_object('kind', 'paid', 'order', json(`reply_body`))
  WHEN `reply_status` IS NOT NULL THEN json_object('kind', 'refused', 'problem',
    json_remove(json(`reply_body`), '$.type', '$.title', '$.status'))
  WHEN `reply_body` IS NOT NULL THEN json_object('kind', 'waiting', 'problem',
    json_remove(json(`reply_body`), '$.type', '$.title', '$.status', '$.clientSecret'),
    'clientSecret', json_extract(`reply_body`, '$.clientSecret'))
END;--> statement-breakpoint
ALTER TABLE `checkouts` DROP COLUMN `reply_status`;--> statement-breakpoint
ALTER TABLE `checkouts` DROP COLUMN `reply_body`;
