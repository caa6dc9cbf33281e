import { DurableObject } from "cloudflare:workers";
import {
  type HoldResult,
  type StockLevel,
  type StockResult,
  stockLevel,
  stockShardStub,
} from "../src/inventory";
import { logEvent } from "../src/log";
import { migrateOnce } from "./migrate-once";
import migrations from "./migrations/inventory/migrations.js";

interface StockRow extends Record<string, SqlStorageValue> {
  sku: string;
  on_hand: number;
  reserved: number;
  version: number;
  published_version: number;
  shard: number;
  shards: number;
}

/** What `scheduleAlarm` reads: the stock row (all null when there is none) and its timers. */
type AlarmInputs = { [K in keyof StockRow]: StockRow[K] | null } & {
  next_expiry: number | null;
  asking_since: number | null;
};

interface TransferRow extends Record<string, SqlStorageValue> {
  id: string;
  peer: number;
  state: "asking" | "received" | "given";
  units: number | null;
  at: number;
}

export type ShardsResult =
  | { ok: true; shards: number }
  | { ok: false; reason: "unknown_sku" | "fewer_shards"; shards?: number };

interface HoldRow extends Record<string, SqlStorageValue> {
  hold_id: string;
  quantity: number;
  state: "held" | "committed" | "released" | "returned";
  expires_at: number;
  updated_at: number;
}

/** Catalog snapshots trail the authority by at most this (plus the readers' own 2 s cache). */
const PUBLISH_DELAY_MS = 1_000;
/** A shard that found all its siblings dry refuses short holds this long without asking again. */
const DRY_MEMORY_MS = 250;
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
 *
 * A hot sku's stock can be split over shards (see `src/inventory.ts`): each shard is an object
 * like this one with part of the units, holding for the shoppers routed to it. A shard that runs
 * dry takes units from its siblings (`give`, exactly once per transfer id), so no unit is sold
 * twice and none is stranded. The home object (shard 0) answers for the whole sku: its level
 * sums the shards, admin changes gather the shards' free units first, and an unwind of a hold it
 * does not have is passed to every shard.
 */
export class InventoryObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** The pull from siblings in flight, which concurrent holds short of units wait for. */
  private pulling: Promise<number> | null = null;
  /** Until when the siblings are known to have nothing free (see `pullUnits`). */
  private dryUntil = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(() => migrateOnce(ctx.storage, migrations));
  }

  /** The current level of the whole sku (every shard), or `unknown_sku` when none was ever set. */
  async level(): Promise<StockResult> {
    const row = this.row();
    if (!row) return { ok: false, reason: "unknown_sku" };
    if (row.shard !== 0 || row.shards === 1) return { ok: true, level: toLevel(row) };
    const elsewhere = await this.siblingTotals(row);
    const own = toLevel(this.mustRow());
    return {
      ok: true,
      level: stockLevel(own.sku, own.onHand + elsewhere.onHand, own.reserved + elsewhere.reserved),
    };
  }

  /** This object's own part of the sku's stock. */
  async ownLevel(): Promise<StockLevel> {
    const row = this.row();
    return row ? toLevel(row) : stockLevel("", 0, 0);
  }

  /** Sets the units on hand; holds stay as they are, so `available` never counts held units. */
  async setOnHand(sku: string, onHand: number): Promise<StockLevel> {
    const existing = this.row();
    if (existing && existing.shards > 1) {
      // The shards keep only their held units; home gets the rest of the new total.
      await this.gather(existing);
      const elsewhere = await this.siblingTotals(existing);
      this.sql.exec(
        "UPDATE stock SET on_hand = ?, version = version + 1 WHERE id = 1",
        Math.max(0, onHand - elsewhere.onHand),
      );
      await this.publishNow();
      const total = await this.level();
      return total.ok ? total.level : toLevel(this.mustRow());
    }
    if (existing) {
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
    const before = this.row();
    if (!before) return { ok: false, reason: "unknown_sku" };
    // Shrinkage takes free units wherever they are: bring the shards' free units home first.
    if (delta < 0 && before.shards > 1 && toLevel(before).available < -delta) {
      await this.gather(before);
    }
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
    // The level this adjustment made, read before any await lets another change in.
    const level = toLevel(this.mustRow());
    if (applied > 0) await this.publishNow();
    return before.shards > 1 ? this.level() : { ok: true, level };
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
    let row = this.row();
    if (!row) return { ok: false, reason: "unknown_sku" };
    // A shard short of units takes some from its siblings, as long as one still has any. The
    // check and the hold below run with no `await` in between: what a pull brought is taken by
    // whichever hold looks first, and the others pull again.
    while (toLevel(row).available < quantity && row.shards > 1) {
      const progress = await this.pullUnits(row, quantity);
      // Other calls ran while this one waited: look at the hold and the level again.
      const raced = this.holdRow(holdId);
      if (raced) return this.holdAnswer(raced);
      if (this.isTombstoned(holdId)) return { ok: false, reason: "released" };
      row = this.mustRow();
      if (!progress) break;
    }
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
    return { ok: true, level: await this.armedLevel(now + ttlMs) };
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
      return { ok: false, reason: "insufficient", available: (await this.armedLevel()).available };
    }
    this.finishHold(hold, "committed", "on_hand = on_hand - ?1, reserved = reserved - ?1");
    return { ok: true, level: await this.armedLevel() };
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
    return { ok: true, level: await this.armedLevel() };
  }

  /** Puts the units of a committed hold back on hand (a cancelled order). */
  async restock(holdId: string): Promise<HoldResult> {
    const hold = this.holdRow(holdId);
    if (!hold) return { ok: false, reason: "unknown_hold" };
    if (hold.state !== "committed") return this.finishedAnswer(hold, "returned");
    this.finishHold(hold, "returned", "on_hand = on_hand + ?1");
    return { ok: true, level: await this.armedLevel() };
  }

  /**
   * Undoes whatever a hold became: held units are released, committed units go back on hand, an
   * unknown hold is tombstoned. Always ends with the hold's units back, however often it runs.
   */
  async unwind(holdId: string): Promise<HoldResult> {
    const hold = this.holdRow(holdId);
    const row = this.row();
    if (!hold && row && row.shard === 0 && row.shards > 1) {
      // Home does not have it: the hold is on a shard (or nowhere), and each one undoes its own.
      await Promise.all(this.siblings(row).map((shard) => this.shard(row, shard).unwind(holdId)));
    }
    if (hold?.state === "committed") return this.restock(holdId);
    if (hold?.state === "returned") return { ok: true, level: toLevel(this.mustRow()) };
    return this.release(holdId);
  }

  /**
   * Splits the sku's stock over `count` shards (home only). New shards start empty and take units
   * from their siblings when a hold needs them. The count only grows: a shard may hold units and
   * holds for as long as their orders live.
   */
  async configureShards(count: number): Promise<ShardsResult> {
    const row = this.row();
    // Only the home object (shard 0) configures the sku's shards.
    if (row === undefined || row.shard > 0) return { ok: false, reason: "unknown_sku" };
    if (count < row.shards) return { ok: false, reason: "fewer_shards", shards: row.shards };
    // Every shard knows the count before any checkout is routed to it (routing reads it from D1
    // after this answers).
    await Promise.all(
      Array.from({ length: count - 1 }, (_, i) =>
        this.shard(row, i + 1).joinShards(row.sku, i + 1, count),
      ),
    );
    this.sql.exec("UPDATE stock SET shards = max(shards, ?) WHERE id = 1", count);
    return { ok: true, shards: this.mustRow().shards };
  }

  /** Makes this object shard `shard` of `sku`'s `count` (idempotent; the count only grows). */
  async joinShards(sku: string, shard: number, count: number): Promise<void> {
    if (this.row()) {
      this.sql.exec("UPDATE stock SET shards = max(shards, ?) WHERE id = 1", count);
      return;
    }
    this.sql.exec(
      "INSERT INTO stock (id, sku, on_hand, reserved, version, shard, shards) VALUES (1, ?, 0, 0, 1, ?, ?)",
      sku,
      shard,
      count,
    );
    await this.publishNow();
  }

  /**
   * Gives a sibling shard free units: what it wants, or half of what is free here if that is more
   * (so a busy shard does not come back at once), never a held unit. The same `transferId` always
   * answers the same units, so a sibling that asks again after a crash is credited once.
   */
  async give(transferId: string, peer: number, want: number): Promise<number> {
    const done = this.transfer(transferId);
    if (done) return done.units ?? 0;
    const row = this.row();
    const available = row ? toLevel(row).available : 0;
    const units = Math.min(available, Math.max(want, Math.ceil(available / 2)));
    // Nothing given, nothing to remember: asked again, it answers what is free then.
    if (units === 0) return 0;
    this.sql.exec(
      "INSERT INTO transfers (id, peer, state, units, at) VALUES (?, ?, 'given', ?, ?)",
      transferId,
      peer,
      units,
      Date.now(),
    );
    this.sql.exec(
      "UPDATE stock SET on_hand = on_hand - ?, version = version + 1 WHERE id = 1",
      units,
    );
    await this.scheduleAlarm();
    return units;
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
      this.sql.exec("DELETE FROM transfers WHERE state <> 'asking' AND at < ?", before);
      await this.finishTransfers(now);
      await this.publish();
    } catch (err) {
      logEvent("inventory_alarm_failed", { sku: this.row()?.sku, error: String(err) }, "warn");
      retryAt = Date.now() + RETRY_DELAY_MS;
    }
    await this.scheduleAlarm(retryAt, true);
  }

  /** The units on hand and reserved in every other shard of the sku. */
  private async siblingTotals(row: StockRow): Promise<{ onHand: number; reserved: number }> {
    const levels = await Promise.all(
      this.siblings(row).map((shard) => this.shard(row, shard).ownLevel()),
    );
    return {
      onHand: levels.reduce((sum, l) => sum + l.onHand, 0),
      reserved: levels.reduce((sum, l) => sum + l.reserved, 0),
    };
  }

  /** The other shards of this sku, home first. */
  private siblings(row: StockRow): number[] {
    return Array.from({ length: row.shards }, (_, i) => i).filter((i) => i !== row.shard);
  }

  private shard(row: StockRow, shard: number): DurableObjectStub<InventoryObject> {
    return stockShardStub(this.env.INVENTORY, row.sku, shard);
  }

  /**
   * Takes units from the siblings until `quantity` are free here or every sibling was asked, or
   * waits for the pull already running (one at a time). False when the pull (its own or the one
   * it waited for) found every sibling dry: then there is nothing more to wait for, and for
   * DRY_MEMORY_MS holds short of units here are refused without asking the siblings again.
   */
  private async pullUnits(row: StockRow, quantity: number): Promise<boolean> {
    if (Date.now() < this.dryUntil) return false;
    if (!this.pulling) {
      const short = () => quantity - toLevel(this.mustRow()).available;
      this.pulling = (async () => {
        let got = 0;
        for (const peer of this.siblings(row)) {
          if (short() <= 0) break;
          got += await this.takeFrom(row, peer, short());
        }
        if (got === 0) this.dryUntil = Date.now() + DRY_MEMORY_MS;
        return got;
      })().finally(() => {
        this.pulling = null;
      });
    }
    return (await this.pulling) > 0;
  }

  /** Brings every free unit of every shard to this (home) object. */
  private async gather(row: StockRow): Promise<void> {
    await Promise.all(
      this.siblings(row).map((peer) => this.takeFrom(row, peer, Number.MAX_SAFE_INTEGER)),
    );
  }

  /**
   * One transfer from `peer`: recorded as `asking` before the call (so the alarm finishes it if
   * this object stops), credited when the answer comes.
   */
  private async takeFrom(row: StockRow, peer: number, want: number): Promise<number> {
    const id = crypto.randomUUID();
    const now = Date.now();
    this.sql.exec(
      "INSERT INTO transfers (id, peer, state, units, at) VALUES (?, ?, 'asking', ?, ?)",
      id,
      peer,
      want,
      now,
    );
    await this.scheduleAlarm(now + RETRY_DELAY_MS);
    const units = await this.shard(row, peer).give(id, row.shard, want);
    this.credit(id, units);
    return units;
  }

  private credit(transferId: string, units: number): void {
    if (units === 0) {
      this.sql.exec("DELETE FROM transfers WHERE id = ? AND state = 'asking'", transferId);
      return;
    }
    const changed = this.sql.exec(
      "UPDATE transfers SET state = 'received', units = ? WHERE id = ? AND state = 'asking'",
      units,
      transferId,
    ).rowsWritten;
    if (changed > 0) {
      this.sql.exec(
        "UPDATE stock SET on_hand = on_hand + ?, version = version + 1 WHERE id = 1",
        units,
      );
    }
  }

  /** Asks again for the transfers an interruption left `asking`: the giver answers the same units. */
  private async finishTransfers(now: number): Promise<void> {
    const row = this.row();
    if (!row) return;
    const pending = this.sql
      .exec<TransferRow>(
        "SELECT * FROM transfers WHERE state = 'asking' AND at <= ?",
        now - RETRY_DELAY_MS,
      )
      .toArray();
    for (const t of pending) {
      this.credit(t.id, await this.shard(row, t.peer).give(t.id, row.shard, t.units ?? 1));
    }
  }

  private transfer(id: string): TransferRow | undefined {
    return this.sql.exec<TransferRow>("SELECT * FROM transfers WHERE id = ?", id).toArray()[0];
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
   * Inside `alarm()` the alarm being run is spent, so only a later one counts as armed. Answers
   * the stock row, read with the alarm's inputs in one statement: still current when this returns.
   */
  private async scheduleAlarm(extra?: number, inAlarm = false): Promise<StockRow | undefined> {
    const { next_expiry, asking_since, ...stock } = this.sql
      .exec<AlarmInputs>(
        `SELECT (SELECT min(expires_at) FROM holds WHERE state = 'held') AS next_expiry,
           (SELECT min(at) FROM transfers WHERE state = 'asking') AS asking_since, stock.*
         FROM (SELECT 1) LEFT JOIN stock ON stock.id = 1`,
      )
      .one();
    const row = stock.sku === null ? undefined : (stock as StockRow);
    const candidates: number[] = [];
    if (extra !== undefined) candidates.push(extra);
    if (next_expiry !== null) candidates.push(next_expiry);
    if (asking_since !== null) candidates.push(asking_since + RETRY_DELAY_MS);
    if (row && row.published_version < row.version) candidates.push(Date.now() + PUBLISH_DELAY_MS);
    let current = await this.ctx.storage.getAlarm();
    if (current !== null && inAlarm && current <= Date.now()) current = null;
    if (current !== null) candidates.push(current);
    if (candidates.length > 0) {
      const wanted = Math.min(...candidates);
      if (current === null || current !== wanted) await this.ctx.storage.setAlarm(wanted);
    }
    return row;
  }

  /** Arms the alarm after a change to a hold (see scheduleAlarm), and answers the level after it. */
  private async armedLevel(extra?: number): Promise<StockLevel> {
    const row = await this.scheduleAlarm(extra);
    if (!row) throw new Error("stock row missing");
    return toLevel(row);
  }

  /**
   * Writes the availability snapshot that catalog reads use. Racing publishes are ordered by
   * `version` in the upsert, so an older snapshot never overwrites a newer one.
   */
  private async publish(): Promise<void> {
    const row = this.row();
    if (!row || row.published_version >= row.version) return;
    const level = toLevel(row);
    const db = this.env.DB;
    // This object's snapshot, then the sku's sum over its shards, in one transaction.
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
