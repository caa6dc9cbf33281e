ALTER TABLE `refunds` ADD `asked` integer;--> statement-breakpoint
ALTER TABLE `refunds` ADD `failure` text;--> statement-breakpoint
ALTER TABLE `returns` ADD `request_hash` text;--> statement-breakpoint
ALTER TABLE `shipments` ADD `request_hash` text;--> statement-breakpoint
INSERT INTO `refunds` (`id`, `order_id`, `key`, `request_hash`, `source`, `status`, `amount`, `card_amount`, `gift_card_amount`, `kept`, `lines`, `reason`, `provider_refund_id`, `created_at`, `settled_at`)
SELECT 'rf_legacy_' || e.`order_id`, e.`order_id`,
  CASE WHEN json_extract(e.`data`, '$.amountRefunded') IS NOT NULL THEN 'provider:legacy' ELSE 'full' END,
  NULL,
  CASE WHEN json_extract(e.`data`, '$.amountRefunded') IS NOT NULL THEN 'provider'
       WHEN o.`status` = 'cancelled' THEN 'cancel' ELSE 'admin' END,
  'succeeded',
  coalesce(json_extract(e.`data`, '$.refunded'), json_extract(e.`data`, '$.amountRefunded'), 0)
    + coalesce(json_extract(e.`data`, '$.giftCardCredit'), 0),
  coalesce(json_extract(e.`data`, '$.refunded'), json_extract(e.`data`, '$.amountRefunded'), 0),
  coalesce(json_extract(e.`data`, '$.giftCardCredit'), 0),
  coalesce(json_extract(e.`data`, '$.keptForSpentGiftCards'), 0),
  '[]', 'recorded before the refund ledger',
  CASE WHEN json_extract(e.`data`, '$.refundId') LIKE 're\_%' ESCAPE '\' THEN json_extract(e.`data`, '$.refundId') END,
  e.`at`, e.`at`
FROM `order_events` e JOIN `orders` o ON o.`id` = e.`order_id`
WHERE e.`type` = 'refunded' AND e.`once` = 'refunded'
  AND NOT EXISTS (SELECT 1 FROM `refunds` r WHERE r.`order_id` = e.`order_id` AND r.`source` = 'provider')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE `orders` SET `refunded_total` =
  (SELECT coalesce(sum(`amount`), 0) FROM `refunds` r WHERE r.`order_id` = `orders`.`id` AND r.`status` = 'succeeded')
WHERE `id` IN (SELECT `order_id` FROM `refunds` WHERE `id` LIKE 'rf\_legacy\_%' ESCAPE '\');
