import { DurableObject } from "cloudflare:workers";
import {
  type AdjustResult,
  type HoldResult,
  type StockLevel,
  type StockResult,
  stockLevel,
} from "../src/inventory";
import { logEvent } from "../src/log";
import { migrateOnce } from "./migrate-once";
import migrations from "./migrations/inventory/migrations.js";
import { StockAlarms } from "./stock-alarms";
import { finishedAnswer, holdAnswer, type StockPart, StockStore, toLevel } from "./stock-store";
import { StockTransfers } from "./stock-transfers";

export type ShardsResult =
  | { ok: true; shards: number }
  | { ok: false; reason: "unknown_sku" | "fewer_shards"; shards?: number };

/** A failed publish or alarm step is tried again this soon. */
const RETRY_DELAY_MS = 2_000;
/** Released holds, tombstones, adjustment ids are kept this long (committed holds for ever). */
const RETENTION_MS = 30 * 86_400_000;

/**
 * The single authority on one sku's stock. Every change runs inside this object, so changes to
 * one sku are serialized, and each change is one synchronous SQLite step: atomic, with no `await`
 * between reading the level and writing it.
 *
 * Checkouts hold units (`reserved`), then commit them (sold: leave `onHand`) or release them.
 * Holds expire by the object's alarm (`StockAlarms`), so a checkout that dies half way never
 * strands stock; it also publishes availability to D1 for catalog reads, at most once a second.
 *
 * A hot sku's stock can be split over shards (see `src/inventory.ts`): each shard is an object
 * like this one with part of the units, holding for the shoppers routed to it. A shard that runs
 * dry takes units from its siblings (`give`, exactly once per transfer id), so no unit is sold
 * twice and none is stranded. The home object (shard 0) answers for the whole sku: its level
 * sums the shards, admin changes gather the shards' free units first, and an unwind of a hold it
 * does not have is passed to every shard.
 */
export class InventoryObject extends DurableObject<Env> {
  private readonly store: StockStore;
  private readonly transfers: StockTransfers;
  private readonly alarms: StockAlarms;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new StockStore(ctx.storage.sql);
    this.alarms = new StockAlarms(ctx.storage, env.DB, this.store);
    this.transfers = new StockTransfers({
      store: this.store,
      inventory: env.INVENTORY,
      scheduleAlarm: (at) => this.alarms.scheduleAlarm(at),
    });
    ctx.blockConcurrencyWhile(() => migrateOnce(ctx.storage, migrations));
  }

  /** The current level of the whole sku (every shard), or `unknown_sku` when none was ever set. */
  async level(): Promise<StockResult> {
    const row = this.store.row();
    if (!row) return { ok: false, reason: "unknown_sku" };
    if (row.shard !== 0 || row.shards === 1) return { ok: true, level: toLevel(row) };
    const { onHand, reserved } = await this.transfers.wholeSku(row);
    return { ok: true, level: stockLevel(row.sku, onHand, reserved) };
  }

  /** This object's own part of the sku's stock. */
  async ownLevel(): Promise<StockLevel> {
    const row = this.store.row();
    return row ? toLevel(row) : stockLevel("", 0, 0);
  }

  /** This object's units and transfers, for the home object's count of the whole sku. */
  async part(since: number): Promise<StockPart> {
    return this.store.part(since);
  }

  /**
   * Sets the units on hand of the whole sku; holds stay as they are, so `available` never counts
   * held units. Set below what is held, the holds that find no unit on hand are refused when they
   * commit (the same on every shard: the shards' counts add up to the new total).
   */
  async setOnHand(sku: string, onHand: number): Promise<StockLevel> {
    const existing = this.store.row();
    if (existing && existing.shards > 1) {
      // The shards keep only their held units; home gets the rest of the new total, or, below
      // it, the units come off home first and then off each shard's held ones.
      await this.transfers.gather(existing);
      const total = (await this.transfers.wholeSku(existing)).onHand;
      if (onHand >= total) this.store.changeStock("on_hand = on_hand + ?", onHand - total);
      else await this.transfers.takeOffHand(existing, total - onHand);
      await this.alarms.publishNow();
      const level = await this.level();
      return level.ok ? level.level : toLevel(this.store.mustRow());
    }
    if (existing) this.store.changeStock("on_hand = ?", onHand);
    else this.store.createStock(sku, onHand);
    const level = toLevel(this.store.mustRow());
    await this.alarms.publishNow();
    return level;
  }

  /**
   * Adds `delta` (may be negative) to the units on hand of the whole sku, never below zero.
   * Idempotent by `requestId`: a retried adjustment answers the current level and changes
   * nothing; the same id with another delta is refused (`key_reused`) and changes nothing.
   */
  async adjustOnHand(delta: number, requestId: string): Promise<AdjustResult> {
    const before = this.store.row();
    if (!before) return { ok: false, reason: "unknown_sku" };
    const seen = this.store.adjustmentDelta(requestId);
    if (seen !== undefined && seen !== delta) return { ok: false, reason: "key_reused" };
    if (seen === undefined) {
      this.store.recordAdjustment(requestId, delta);
      if (delta >= 0 || before.shards === 1) {
        this.store.changeStock("on_hand = max(0, on_hand + ?)", delta);
      } else {
        // Shrinkage takes free units wherever they are (brought home first), then held ones.
        await this.transfers.gather(before);
        await this.transfers.takeOffHand(before, -delta);
      }
    }
    // The level this adjustment made, read before any await lets another change in.
    const level = toLevel(this.store.mustRow());
    if (seen === undefined) await this.alarms.publishNow();
    return before.shards > 1 ? this.level() : { ok: true, level };
  }

  /**
   * A shard's part of a cut in the sku's units on hand (see StockTransfers' `takeOffHand`): up to
   * `units` leave this object's own count, held ones too. The same `requestId` answers the same.
   */
  async shrink(requestId: string, units: number): Promise<number> {
    const seen = this.store.adjustmentDelta(requestId);
    if (seen !== undefined) return -seen;
    const taken = this.store.takeOnHand(units);
    this.store.recordAdjustment(requestId, -taken);
    if (taken > 0) await this.alarms.publishNow();
    return taken;
  }

  /**
   * Reserves `quantity` units for `holdId` until `ttlMs` from now, if that many are available.
   * Idempotent: a hold that exists answers as it did, whatever state it is in now, and a hold id
   * that was released before it ever held (a late retry) is refused.
   */
  async hold(holdId: string, quantity: number, ttlMs: number): Promise<HoldResult> {
    const { store } = this;
    const existing = store.holdRow(holdId);
    if (existing) return holdAnswer(this.store, existing);
    if (store.isTombstoned(holdId)) return { ok: false, reason: "released" };
    let row = store.row();
    if (!row) return { ok: false, reason: "unknown_sku" };
    // A shard short of units takes some from its siblings, as long as one still has any. The
    // check and the hold below run with no `await` in between: what a pull brought is taken by
    // whichever hold looks first, and the others pull again.
    while (toLevel(row).available < quantity && row.shards > 1) {
      const progress = await this.transfers.pullUnits(row, quantity);
      // Other calls ran while this one waited: look at the hold and the level again.
      const raced = store.holdRow(holdId);
      if (raced) return holdAnswer(this.store, raced);
      if (store.isTombstoned(holdId)) return { ok: false, reason: "released" };
      row = store.mustRow();
      if (!progress) break;
    }
    const available = toLevel(row).available;
    if (available < quantity) return { ok: false, reason: "insufficient", available };
    const now = Date.now();
    store.insertHold(holdId, quantity, now + ttlMs, now);
    store.changeStock("reserved = reserved + ?", quantity);
    return { ok: true, level: await this.alarms.armedLevel(now + ttlMs) };
  }

  /** Turns a hold into a sale: the units leave `onHand` and `reserved` together. */
  async commit(holdId: string): Promise<HoldResult> {
    const hold = this.store.holdRow(holdId);
    if (!hold) return { ok: false, reason: "unknown_hold" };
    if (hold.state !== "held") return finishedAnswer(this.store, hold, "committed");
    const row = this.store.mustRow();
    if (row.on_hand < hold.quantity) {
      // An admin lowered stock below what was held: selling it would oversell.
      this.store.finishHold(hold, "released", "reserved = reserved - ?1");
      return {
        ok: false,
        reason: "insufficient",
        available: (await this.alarms.armedLevel()).available,
      };
    }
    this.store.finishHold(hold, "committed", "on_hand = on_hand - ?1, reserved = reserved - ?1");
    return { ok: true, level: await this.alarms.armedLevel() };
  }

  /**
   * Gives held units back. Releasing an unknown hold leaves a tombstone, so a `hold` with that id
   * arriving late (a retried RPC) cannot reserve anything.
   */
  async release(holdId: string): Promise<HoldResult> {
    const hold = this.store.holdRow(holdId);
    if (!hold) {
      this.store.tombstone(holdId);
      return this.level();
    }
    if (hold.state !== "held") return finishedAnswer(this.store, hold, "released");
    this.store.finishHold(hold, "released", "reserved = reserved - ?1");
    return { ok: true, level: await this.alarms.armedLevel() };
  }

  /** Puts the units of a committed hold back on hand (a cancelled order). */
  async restock(holdId: string): Promise<HoldResult> {
    const hold = this.store.holdRow(holdId);
    if (!hold) return { ok: false, reason: "unknown_hold" };
    if (hold.state !== "committed") return finishedAnswer(this.store, hold, "returned");
    this.store.finishHold(hold, "returned", "on_hand = on_hand + ?1");
    return { ok: true, level: await this.alarms.armedLevel() };
  }

  /**
   * Undoes whatever a hold became: held units are released, committed units go back on hand, an
   * unknown hold is tombstoned. Always ends with the hold's units back, however often it runs.
   */
  async unwind(holdId: string): Promise<HoldResult> {
    const hold = this.store.holdRow(holdId);
    const row = this.store.row();
    if (!hold && row && row.shard === 0 && row.shards > 1) {
      // Home does not have it: the hold is on a shard (or nowhere), and each one undoes its own.
      await Promise.all(
        this.transfers
          .siblings(row)
          .map((shard) => this.transfers.shard(row, shard).unwind(holdId)),
      );
    }
    if (hold?.state === "committed") return this.restock(holdId);
    if (hold?.state === "returned") return { ok: true, level: toLevel(this.store.mustRow()) };
    return this.release(holdId);
  }

  /**
   * Splits the sku's stock over `count` shards (home only). New shards start empty and take units
   * from their siblings when a hold needs them. The count only grows: a shard may hold units and
   * holds for as long as their orders live.
   */
  async configureShards(count: number): Promise<ShardsResult> {
    const row = this.store.row();
    // Only the home object (shard 0) configures the sku's shards.
    if (row === undefined || row.shard > 0) return { ok: false, reason: "unknown_sku" };
    if (count < row.shards) return { ok: false, reason: "fewer_shards", shards: row.shards };
    // Every shard knows the count before any checkout is routed to it (routing reads it from D1
    // after this answers).
    await Promise.all(
      Array.from({ length: count - 1 }, (_, i) =>
        this.transfers.shard(row, i + 1).joinShards(row.sku, i + 1, count),
      ),
    );
    this.store.growShards(count);
    return { ok: true, shards: this.store.mustRow().shards };
  }

  /** Makes this object shard `shard` of `sku`'s `count` (idempotent; the count only grows). */
  async joinShards(sku: string, shard: number, count: number): Promise<void> {
    if (this.store.row()) {
      this.store.growShards(count);
      return;
    }
    this.store.createStock(sku, 0, shard, count);
    await this.alarms.publishNow();
  }

  /** A sibling shard's request for free units (see StockTransfers' `give`). */
  async give(transferId: string, peer: number, want: number): Promise<number> {
    return this.transfers.give(transferId, peer, want);
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
      for (const hold of this.store.expiredHolds(now)) {
        this.store.finishHold(hold, "released", "reserved = reserved - ?1");
      }
      this.store.prune(now - RETENTION_MS);
      await this.transfers.finishInterrupted(now);
      await this.alarms.publish();
    } catch (err) {
      logEvent(
        "inventory_alarm_failed",
        { sku: this.store.row()?.sku, error: String(err) },
        "warn",
      );
      retryAt = Date.now() + RETRY_DELAY_MS;
    }
    await this.alarms.scheduleAlarm(retryAt, true);
  }
}
