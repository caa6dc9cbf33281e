import { DurableObject } from "cloudflare:workers";
import { type HoldResult, type StockLevel, type StockResult, stockLevel } from "../src/inventory";

interface StockRow extends Record<string, SqlStorageValue> {
  sku: string;
  on_hand: number;
  reserved: number;
  version: number;
  published_version: number;
}

interface HoldRow extends Record<string, SqlStorageValue> {
  hold_id: string;
  quantity: number;
  state: "held" | "committed" | "released" | "returned";
  expires_at: number;
  updated_at: number;
}

/** Catalog snapshots trail the authority by at most this (plus the readers' own cache). */
const PUBLISH_DELAY_MS = 1_000;
/** Finished holds are kept this long, so a late retry of commit/release still answers the same. */
const FINISHED_HOLD_RETENTION_MS = 30 * 86_400_000;

/**
 * The single authority on one sku's stock. Every change runs inside this object, so changes to
 * one sku are serialized, and each change is one synchronous SQLite step: atomic, with no `await`
 * between reading the level and writing it.
 *
 * Checkouts hold units (`reserved`), then commit them (sold: leave `onHand`) or release them.
 * Holds expire by the object's alarm, so a checkout that dies half way never strands stock.
 * The alarm also publishes availability snapshots to D1 for catalog reads, at most once a second.
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
      this.sql.exec(`CREATE TABLE IF NOT EXISTS holds (
        hold_id TEXT PRIMARY KEY,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        state TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`);
      this.sql.exec("CREATE INDEX IF NOT EXISTS holds_state_expiry ON holds (state, expires_at)");
    });
  }

  /** The current level, or `unknown_sku` when no stock was ever set for this sku. */
  async level(): Promise<StockResult> {
    const row = this.row();
    return row ? { ok: true, level: toLevel(row) } : { ok: false, reason: "unknown_sku" };
  }

  /** Sets the units on hand; holds stay as they are, so `available` never counts held units. */
  async setOnHand(sku: string, onHand: number): Promise<StockLevel> {
    if (this.row()) {
      this.sql.exec("UPDATE stock SET on_hand = ?, version = version + 1 WHERE id = 1", onHand);
    } else {
      this.sql.exec(
        "INSERT INTO stock (id, sku, on_hand, reserved, version) VALUES (1, ?, ?, 0, 1)",
        sku,
        onHand,
      );
    }
    const level = toLevel(this.mustRow());
    await this.publishNow();
    return level;
  }

  /** Adds `delta` (may be negative) to the units on hand, never below zero. */
  async adjustOnHand(delta: number): Promise<StockResult> {
    if (!this.row()) return { ok: false, reason: "unknown_sku" };
    this.sql.exec(
      "UPDATE stock SET on_hand = max(0, on_hand + ?), version = version + 1 WHERE id = 1",
      delta,
    );
    const level = toLevel(this.mustRow());
    await this.publishNow();
    return { ok: true, level };
  }

  /**
   * Reserves `quantity` units for `holdId` until `ttlMs` from now, if that many are available.
   * Idempotent: a hold that exists answers as it did, whatever state it is in now.
   */
  async hold(holdId: string, quantity: number, ttlMs: number): Promise<HoldResult> {
    const existing = this.holdRow(holdId);
    if (existing) return this.holdAnswer(existing);
    const row = this.row();
    if (!row) return { ok: false, reason: "unknown_sku" };
    const available = toLevel(row).available;
    if (available < quantity) return { ok: false, reason: "insufficient", available };
    const now = Date.now();
    this.sql.exec(
      "INSERT INTO holds (hold_id, quantity, state, expires_at, updated_at) VALUES (?, ?, 'held', ?, ?)",
      holdId,
      quantity,
      now + ttlMs,
      now,
    );
    this.sql.exec(
      "UPDATE stock SET reserved = reserved + ?, version = version + 1 WHERE id = 1",
      quantity,
    );
    await this.scheduleAlarm(now + ttlMs);
    return { ok: true, level: toLevel(this.mustRow()) };
  }

  /** Turns a hold into a sale: the units leave `onHand` and `reserved` together. */
  async commit(holdId: string): Promise<HoldResult> {
    const hold = this.holdRow(holdId);
    if (!hold) return { ok: false, reason: "unknown_hold" };
    if (hold.state !== "held") return this.finishedAnswer(hold, "committed");
    const row = this.mustRow();
    if (row.on_hand < hold.quantity) {
      // An admin lowered stock below what was held: selling it would oversell.
      this.finishHold(hold, "released", "reserved = reserved - ?1");
      await this.scheduleAlarm();
      return { ok: false, reason: "insufficient", available: toLevel(this.mustRow()).available };
    }
    this.finishHold(hold, "committed", "on_hand = on_hand - ?1, reserved = reserved - ?1");
    await this.scheduleAlarm();
    return { ok: true, level: toLevel(this.mustRow()) };
  }

  /** Gives held units back. Releasing an unknown hold is fine: there is nothing to give back. */
  async release(holdId: string): Promise<HoldResult> {
    const hold = this.holdRow(holdId);
    if (!hold) return this.level();
    if (hold.state !== "held") return this.finishedAnswer(hold, "released");
    this.finishHold(hold, "released", "reserved = reserved - ?1");
    await this.scheduleAlarm();
    return { ok: true, level: toLevel(this.mustRow()) };
  }

  /** Puts the units of a committed hold back on hand (a cancelled order). */
  async restock(holdId: string): Promise<HoldResult> {
    const hold = this.holdRow(holdId);
    if (!hold) return { ok: false, reason: "unknown_hold" };
    if (hold.state !== "committed") return this.finishedAnswer(hold, "returned");
    this.finishHold(hold, "returned", "on_hand = on_hand + ?1");
    await this.scheduleAlarm();
    return { ok: true, level: toLevel(this.mustRow()) };
  }

  /** Releases expired holds, forgets long-finished ones, publishes the snapshot, plans the next run. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const expired = this.sql
      .exec<HoldRow>("SELECT * FROM holds WHERE state = 'held' AND expires_at <= ?", now)
      .toArray();
    for (const hold of expired) this.finishHold(hold, "released", "reserved = reserved - ?1");
    this.sql.exec(
      "DELETE FROM holds WHERE state != 'held' AND updated_at < ?",
      now - FINISHED_HOLD_RETENTION_MS,
    );
    await this.publish();
    const next = this.sql
      .exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM holds WHERE state = 'held'")
      .one().at;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private finishHold(hold: HoldRow, state: HoldRow["state"], stockChange: string): void {
    this.sql.exec(
      "UPDATE holds SET state = ?, updated_at = ? WHERE hold_id = ?",
      state,
      Date.now(),
      hold.hold_id,
    );
    this.sql.exec(
      `UPDATE stock SET ${stockChange}, version = version + 1 WHERE id = 1`,
      hold.quantity,
    );
  }

  private holdAnswer(hold: HoldRow): HoldResult {
    if (hold.state === "held") return { ok: true, level: toLevel(this.mustRow()) };
    return { ok: false, reason: hold.state === "released" ? "released" : "committed" };
  }

  /** A repeated call answers ok; a call that contradicts the hold's fate says what happened. */
  private finishedAnswer(hold: HoldRow, wanted: HoldRow["state"]): HoldResult {
    if (hold.state === wanted) return { ok: true, level: toLevel(this.mustRow()) };
    return { ok: false, reason: hold.state === "released" ? "released" : "committed" };
  }

  /**
   * Plans the alarm for the earliest of: a publish soon (the level changed), and `holdExpiry`.
   * Storage calls do not open the input gate, so awaiting them keeps the change atomic.
   */
  private async scheduleAlarm(holdExpiry?: number): Promise<void> {
    const publishAt = Date.now() + PUBLISH_DELAY_MS;
    const wanted = holdExpiry === undefined ? publishAt : Math.min(publishAt, holdExpiry);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > wanted) await this.ctx.storage.setAlarm(wanted);
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

  /** Admin changes publish at once; if D1 fails, the alarm retries and the change still stands. */
  private async publishNow(): Promise<void> {
    try {
      await this.publish();
    } catch {
      await this.scheduleAlarm();
    }
  }

  private row(): StockRow | undefined {
    return this.sql.exec<StockRow>("SELECT * FROM stock WHERE id = 1").toArray()[0];
  }

  private mustRow(): StockRow {
    const row = this.row();
    if (!row) throw new Error("stock row missing");
    return row;
  }

  private holdRow(holdId: string): HoldRow | undefined {
    return this.sql.exec<HoldRow>("SELECT * FROM holds WHERE hold_id = ?", holdId).toArray()[0];
  }
}

function toLevel(row: StockRow): StockLevel {
  return stockLevel(row.sku, row.on_hand, row.reserved);
}
