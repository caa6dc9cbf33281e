import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { type HoldResult, type StockLevel, type StockResult, stockLevel } from "../src/inventory";
import { logEvent } from "../src/log";
import migrations from "./migrations/inventory/migrations.js";

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

/** Catalog snapshots trail the authority by at most this (plus the readers' own 2 s cache). */
const PUBLISH_DELAY_MS = 1_000;
/** A failed publish or alarm step is tried again this soon. */
const RETRY_DELAY_MS = 2_000;
/**
 * Released holds, tombstones and adjustment ids are kept this long, so a late retry of a call
 * still answers the same. Committed holds are kept for ever: a cancel can return them at any age.
 */
const RETENTION_MS = 30 * 86_400_000;

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
    ctx.blockConcurrencyWhile(() => migrate(drizzle(ctx.storage), migrations));
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

  /**
   * Adds `delta` (may be negative) to the units on hand, never below zero. Idempotent by
   * `requestId`: a retried adjustment answers the current level and changes nothing.
   */
  async adjustOnHand(delta: number, requestId: string): Promise<StockResult> {
    if (!this.row()) return { ok: false, reason: "unknown_sku" };
    const applied = this.sql.exec(
      "INSERT INTO adjustments (request_id, delta, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      requestId,
      delta,
      Date.now(),
    ).rowsWritten;
    if (applied > 0) {
      this.sql.exec(
        "UPDATE stock SET on_hand = max(0, on_hand + ?), version = version + 1 WHERE id = 1",
        delta,
      );
    }
    const level = toLevel(this.mustRow());
    if (applied > 0) await this.publishNow();
    return { ok: true, level };
  }

  /**
   * Reserves `quantity` units for `holdId` until `ttlMs` from now, if that many are available.
   * Idempotent: a hold that exists answers as it did, whatever state it is in now, and a hold id
   * that was released before it ever held (a late retry) is refused.
   */
  async hold(holdId: string, quantity: number, ttlMs: number): Promise<HoldResult> {
    const existing = this.holdRow(holdId);
    if (existing) return this.holdAnswer(existing);
    if (this.isTombstoned(holdId)) return { ok: false, reason: "released" };
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

  /**
   * Gives held units back. Releasing an unknown hold leaves a tombstone, so a `hold` with that id
   * arriving late (a retried RPC) cannot reserve anything.
   */
  async release(holdId: string): Promise<HoldResult> {
    const hold = this.holdRow(holdId);
    if (!hold) return this.tombstone(holdId);
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

  /**
   * Undoes whatever a hold became: held units are released, committed units go back on hand, an
   * unknown hold is tombstoned. Always ends with the hold's units back, however often it runs.
   */
  async unwind(holdId: string): Promise<HoldResult> {
    const hold = this.holdRow(holdId);
    if (hold?.state === "committed") return this.restock(holdId);
    if (hold?.state === "returned") return { ok: true, level: toLevel(this.mustRow()) };
    return this.release(holdId);
  }

  /**
   * Releases expired holds, forgets old records, publishes the snapshot and re-arms for the
   * earlier of the next hold expiry and a pending publish. It never throws: a failed step is
   * tried again soon, so the alarm (and with it every hold's expiry) is never lost.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    let retryAt: number | undefined;
    try {
      const expired = this.sql
        .exec<HoldRow>("SELECT * FROM holds WHERE state = 'held' AND expires_at <= ?", now)
        .toArray();
      for (const hold of expired) this.finishHold(hold, "released", "reserved = reserved - ?1");
      const before = now - RETENTION_MS;
      this.sql.exec(
        "DELETE FROM holds WHERE state IN ('released', 'returned') AND updated_at < ?",
        before,
      );
      this.sql.exec("DELETE FROM hold_tombstones WHERE at < ?", before);
      this.sql.exec("DELETE FROM adjustments WHERE at < ?", before);
      await this.publish();
    } catch (err) {
      logEvent("inventory_alarm_failed", { sku: this.row()?.sku, error: String(err) }, "warn");
      retryAt = Date.now() + RETRY_DELAY_MS;
    }
    await this.scheduleAlarm(retryAt, true);
  }

  private tombstone(holdId: string): Promise<HoldResult> {
    this.sql.exec(
      "INSERT INTO hold_tombstones (hold_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
      holdId,
      Date.now(),
    );
    return this.level();
  }

  private isTombstoned(holdId: string): boolean {
    return (
      this.sql.exec("SELECT 1 FROM hold_tombstones WHERE hold_id = ?", holdId).toArray().length > 0
    );
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
   * Arms the alarm for the earliest of: what is already armed, `extra` (a hold's expiry or a
   * retry), the next expiry of a live hold, and a publish soon if the level changed since the
   * last one. Storage calls do not open the input gate, so awaiting them keeps the change atomic.
   * Inside `alarm()` the alarm being run is spent, so only a later one counts as armed.
   */
  private async scheduleAlarm(extra?: number, inAlarm = false): Promise<void> {
    const candidates: number[] = [];
    if (extra !== undefined) candidates.push(extra);
    const nextExpiry = this.sql
      .exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM holds WHERE state = 'held'")
      .one().at;
    if (nextExpiry !== null) candidates.push(nextExpiry);
    const row = this.row();
    if (row && row.published_version < row.version) candidates.push(Date.now() + PUBLISH_DELAY_MS);
    let current = await this.ctx.storage.getAlarm();
    if (current !== null && inAlarm && current <= Date.now()) current = null;
    if (current !== null) candidates.push(current);
    if (candidates.length === 0) return;
    const wanted = Math.min(...candidates);
    if (current === null || current !== wanted) await this.ctx.storage.setAlarm(wanted);
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
