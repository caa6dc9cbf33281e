import { DurableObject } from "cloudflare:workers";
import { type StockLevel, type StockResult, stockLevel } from "../src/inventory";

interface StockRow extends Record<string, SqlStorageValue> {
  sku: string;
  on_hand: number;
  reserved: number;
  version: number;
  published_version: number;
}

/** A snapshot that failed to reach D1 is retried by the alarm after this long. */
const PUBLISH_RETRY_MS = 1_000;

/**
 * The single authority on one sku's stock. Every change runs inside this object, so changes to
 * one sku are serialized; SQLite storage makes each change atomic and durable.
 * `reserved` counts units held by checkouts in progress (holds arrive with checkout).
 */
export class InventoryObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS stock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        sku TEXT NOT NULL,
        on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
        reserved INTEGER NOT NULL CHECK (reserved >= 0),
        version INTEGER NOT NULL,
        published_version INTEGER NOT NULL DEFAULT 0
      )`);
    });
  }

  /** The current level, or `unknown_sku` when no stock was ever set for this sku. */
  async level(): Promise<StockResult> {
    const row = this.row();
    return row ? { ok: true, level: toLevel(row) } : { ok: false, reason: "unknown_sku" };
  }

  /** Sets the units on hand; holds stay as they are, so `available` never counts held units. */
  async setOnHand(sku: string, onHand: number): Promise<StockLevel> {
    const row = this.row();
    if (row) {
      this.sql.exec("UPDATE stock SET on_hand = ?, version = version + 1 WHERE id = 1", onHand);
    } else {
      this.sql.exec(
        "INSERT INTO stock (id, sku, on_hand, reserved, version) VALUES (1, ?, ?, 0, 1)",
        sku,
        onHand,
      );
    }
    const level = toLevel(this.mustRow());
    await this.publishOrRetry();
    return level;
  }

  /** Adds `delta` (may be negative) to the units on hand, never going below zero. */
  async adjustOnHand(delta: number): Promise<StockResult> {
    const row = this.row();
    if (!row) return { ok: false, reason: "unknown_sku" };
    this.sql.exec(
      "UPDATE stock SET on_hand = max(0, on_hand + ?), version = version + 1 WHERE id = 1",
      delta,
    );
    const level = toLevel(this.mustRow());
    await this.publishOrRetry();
    return { ok: true, level };
  }

  override async alarm(): Promise<void> {
    await this.publish();
  }

  /**
   * Writes the availability snapshot that catalog reads use. Racing publishes are ordered by
   * `version` in the upsert, so an older snapshot never overwrites a newer one.
   */
  private async publish(): Promise<void> {
    const row = this.row();
    if (!row || row.published_version >= row.version) return;
    const level = toLevel(row);
    await this.env.DB.prepare(
      `INSERT INTO stock_levels (sku, on_hand, reserved, available, version, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
       ON CONFLICT (sku) DO UPDATE SET
         on_hand = excluded.on_hand, reserved = excluded.reserved,
         available = excluded.available, version = excluded.version, updated_at = excluded.updated_at
       WHERE excluded.version > stock_levels.version`,
    )
      .bind(level.sku, level.onHand, level.reserved, level.available, row.version)
      .run();
    this.sql.exec(
      "UPDATE stock SET published_version = max(published_version, ?) WHERE id = 1",
      row.version,
    );
  }

  /** Publishes now; if D1 fails, the alarm retries, so the stock change itself never fails. */
  private async publishOrRetry(): Promise<void> {
    try {
      await this.publish();
    } catch {
      await this.ctx.storage.setAlarm(Date.now() + PUBLISH_RETRY_MS);
    }
  }

  private row(): StockRow | undefined {
    return this.sql.exec<StockRow>("SELECT * FROM stock WHERE id = 1").toArray()[0];
  }

  private mustRow(): StockRow {
    const row = this.row();
    if (!row) throw new Error("stock row missing after write");
    return row;
  }
}

function toLevel(row: StockRow): StockLevel {
  return stockLevel(row.sku, row.on_hand, row.reserved);
}
