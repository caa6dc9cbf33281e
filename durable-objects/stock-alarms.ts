import type { StockLevel } from "../src/inventory";
import { publishSnapshot } from "./stock-snapshot";
import { type StockRow, type StockStore, toLevel } from "./stock-store";
import { TRANSFER_RETRY_MS } from "./stock-transfers";

/** Catalog snapshots trail the authority by at most this (plus the readers' own 2 s cache). */
const PUBLISH_DELAY_MS = 1_000;

/**
 * One sku's stock object's alarm, and the snapshots it publishes to D1 for catalog reads: the
 * alarm is always armed for the earliest thing due (a hold's expiry, a transfer to retry, a
 * snapshot to publish), so no expiry and no publish is ever lost.
 */
export class StockAlarms {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly db: D1Database,
    private readonly store: StockStore,
  ) {}

  /**
   * Arms the alarm for the earliest of: what is already armed, `extra` (a hold's expiry or a
   * retry), the next expiry of a live hold, and a publish soon if the level changed since the
   * last one. Storage calls do not open the input gate, so awaiting them keeps the change atomic.
   * Inside `alarm()` the alarm being run is spent, so only a later one counts as armed. Answers
   * the stock row, read with the alarm's inputs in one statement: still current when this returns.
   */
  async scheduleAlarm(extra?: number, inAlarm = false): Promise<StockRow | undefined> {
    const { next_expiry, asking_since, ...stock } = this.store.alarmInputs();
    const row = stock.sku === null ? undefined : (stock as StockRow);
    const candidates: number[] = [];
    if (extra !== undefined) candidates.push(extra);
    if (next_expiry !== null) candidates.push(next_expiry);
    if (asking_since !== null) candidates.push(asking_since + TRANSFER_RETRY_MS);
    if (row && row.published_version < row.version) candidates.push(Date.now() + PUBLISH_DELAY_MS);
    let current = await this.storage.getAlarm();
    if (current !== null && inAlarm && current <= Date.now()) current = null;
    if (current !== null) candidates.push(current);
    if (candidates.length > 0) {
      const wanted = Math.min(...candidates);
      if (current === null || current !== wanted) await this.storage.setAlarm(wanted);
    }
    return row;
  }

  /** Arms the alarm after a change to a hold (see scheduleAlarm), and answers the level after it. */
  async armedLevel(extra?: number): Promise<StockLevel> {
    const row = await this.scheduleAlarm(extra);
    if (!row) throw new Error("stock row missing");
    return toLevel(row);
  }

  /** Publishes the snapshot if the level changed since the last one (see `publishSnapshot`). */
  async publish(): Promise<void> {
    const row = this.store.row();
    if (!row || row.published_version >= row.version) return;
    await publishSnapshot(this.db, row);
    this.store.markPublished(row.version);
  }

  /** Admin changes publish at once; if D1 fails, the alarm retries and the change still stands. */
  async publishNow(): Promise<void> {
    try {
      await this.publish();
    } catch {
      await this.scheduleAlarm();
    }
  }
}
