import { type StockRow, toLevel } from "./stock-store";

/**
 * Writes one object's availability snapshot to D1 for catalog reads, then the sku's sum over its
 * shards, in one transaction. Racing publishes are ordered by `version` in the upsert, so an
 * older snapshot never overwrites a newer one.
 */
export async function publishSnapshot(db: D1Database, row: StockRow): Promise<void> {
  const level = toLevel(row);
  await db.batch([
    db
      .prepare(
        `INSERT INTO stock_shard_levels (sku, shard, on_hand, reserved, available, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (sku, shard) DO UPDATE SET
           on_hand = excluded.on_hand, reserved = excluded.reserved,
           available = excluded.available, version = excluded.version
         WHERE excluded.version > stock_shard_levels.version`,
      )
      .bind(level.sku, row.shard, level.onHand, level.reserved, level.available, row.version),
    db
      .prepare(
        `INSERT INTO stock_levels (sku, on_hand, reserved, available, version, updated_at)
         SELECT sku, sum(on_hand), sum(reserved), sum(available), sum(version),
           strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         FROM stock_shard_levels WHERE sku = ?1 GROUP BY sku
         ON CONFLICT (sku) DO UPDATE SET
           on_hand = excluded.on_hand, reserved = excluded.reserved,
           available = excluded.available, version = excluded.version,
           updated_at = excluded.updated_at`,
      )
      .bind(level.sku),
  ]);
}
