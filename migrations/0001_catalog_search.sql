-- Full-text search over active products, kept in step with writes by triggers.
-- External-content FTS5: the index stores only tokens; rows come from `products`.
CREATE VIRTUAL TABLE `products_fts` USING fts5(
	title,
	description,
	content='products',
	content_rowid='seq',
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `products_fts_insert` AFTER INSERT ON `products` WHEN new.status = 'active' BEGIN
	INSERT INTO products_fts(rowid, title, description) VALUES (new.seq, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_delete` AFTER DELETE ON `products` WHEN old.status = 'active' BEGIN
	INSERT INTO products_fts(products_fts, rowid, title, description) VALUES ('delete', old.seq, old.title, old.description);
END;
--> statement-breakpoint
-- One trigger for both halves of an update: two triggers would fire in an unspecified order.
CREATE TRIGGER `products_fts_update` AFTER UPDATE OF title, description, status ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, title, description)
		SELECT 'delete', old.seq, old.title, old.description WHERE old.status = 'active';
	INSERT INTO products_fts(rowid, title, description)
		SELECT new.seq, new.title, new.description WHERE new.status = 'active';
END;
