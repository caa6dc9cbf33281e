import { type HoldResult, type StockLevel, stockLevel } from "../src/inventory";

/** The one row of an InventoryObject's `stock` table. */
export interface StockRow extends Record<string, SqlStorageValue> {
  sku: string;
  on_hand: number;
  reserved: number;
  version: number;
  published_version: number;
  shard: number;
  shards: number;
}

export interface HoldRow extends Record<string, SqlStorageValue> {
  hold_id: string;
  quantity: number;
  state: "held" | "committed" | "released" | "returned";
  expires_at: number;
  updated_at: number;
}

export interface TransferRow extends Record<string, SqlStorageValue> {
  id: string;
  peer: number;
  state: "asking" | "received" | "given";
  units: number | null;
  at: number;
}

/** See StockStore's `part`. */
export interface StockPart {
  onHand: number;
  reserved: number;
  asking: string[];
  given: { id: string; units: number }[];
}

/** What the alarm is armed from: the stock row (all null when there is none) and its timers. */
export type AlarmInputs = { [K in keyof StockRow]: StockRow[K] | null } & {
  next_expiry: number | null;
  asking_since: number | null;
};

export function toLevel(row: StockRow): StockLevel {
  return stockLevel(row.sku, row.on_hand, row.reserved);
}

/**
 * An InventoryObject's tables: its stock row, holds, tombstones of holds released before they
 * held, adjustment ids and transfers between shards. Every method is synchronous (no `await`), so
 * a caller that does not await between reading and writing changes the stock atomically.
 */
export class StockStore {
  constructor(private readonly sql: SqlStorage) {}

  row(): StockRow | undefined {
    return this.sql.exec<StockRow>("SELECT * FROM stock WHERE id = 1").toArray()[0];
  }

  mustRow(): StockRow {
    const row = this.row();
    if (!row) throw new Error("stock row missing");
    return row;
  }

  /** Makes the stock row: `shard` of the sku's `shards` objects, with `onHand` units. */
  createStock(sku: string, onHand: number, shard = 0, shards = 1): void {
    this.sql.exec(
      "INSERT INTO stock (id, sku, on_hand, reserved, version, shard, shards) VALUES (1, ?, ?, 0, 1, ?, ?)",
      sku,
      onHand,
      shard,
      shards,
    );
  }

  /** The sku's count of shards only grows. */
  growShards(count: number): void {
    this.sql.exec("UPDATE stock SET shards = max(shards, ?) WHERE id = 1", count);
  }

  markPublished(version: number): void {
    this.sql.exec(
      "UPDATE stock SET published_version = max(published_version, ?) WHERE id = 1",
      version,
    );
  }

  /** The delta an adjustment's request id was first applied with, if it was. */
  adjustmentDelta(requestId: string): number | undefined {
    return this.sql
      .exec<{ delta: number }>("SELECT delta FROM adjustments WHERE request_id = ?", requestId)
      .toArray()[0]?.delta;
  }

  /** Notes that an adjustment's request id was applied with `delta`. */
  recordAdjustment(requestId: string, delta: number): void {
    this.sql.exec(
      "INSERT INTO adjustments (request_id, delta, at) VALUES (?, ?, ?)",
      requestId,
      delta,
      Date.now(),
    );
  }

  /** Takes up to `units` off this object's count on hand, held ones too; answers how many. */
  takeOnHand(units: number): number {
    const taken = Math.min(units, this.row()?.on_hand ?? 0);
    if (taken > 0) this.changeStock("on_hand = on_hand - ?", taken);
    return taken;
  }

  /** Changes the stock row by `set` (SQL, its placeholders bound to `values`); bumps its version. */
  changeStock(set: string, ...values: SqlStorageValue[]): void {
    this.sql.exec(`UPDATE stock SET ${set}, version = version + 1 WHERE id = 1`, ...values);
  }

  holdRow(holdId: string): HoldRow | undefined {
    return this.sql.exec<HoldRow>("SELECT * FROM holds WHERE hold_id = ?", holdId).toArray()[0];
  }

  insertHold(holdId: string, quantity: number, expiresAt: number, now: number): void {
    this.sql.exec(
      "INSERT INTO holds (hold_id, quantity, state, expires_at, updated_at) VALUES (?, ?, 'held', ?, ?)",
      holdId,
      quantity,
      expiresAt,
      now,
    );
  }

  /** Ends a hold in `state` and applies `stockChange` (SQL, `?1` is the hold's quantity). */
  finishHold(hold: HoldRow, state: HoldRow["state"], stockChange: string): void {
    this.sql.exec(
      "UPDATE holds SET state = ?, updated_at = ? WHERE hold_id = ?",
      state,
      Date.now(),
      hold.hold_id,
    );
    this.changeStock(stockChange, hold.quantity);
  }

  tombstone(holdId: string): void {
    this.sql.exec(
      "INSERT INTO hold_tombstones (hold_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
      holdId,
      Date.now(),
    );
  }

  isTombstoned(holdId: string): boolean {
    return (
      this.sql.exec("SELECT 1 FROM hold_tombstones WHERE hold_id = ?", holdId).toArray().length > 0
    );
  }

  transfer(id: string): TransferRow | undefined {
    return this.sql.exec<TransferRow>("SELECT * FROM transfers WHERE id = ?", id).toArray()[0];
  }

  recordTransfer(
    id: string,
    peer: number,
    state: "asking" | "given",
    units: number,
    at = Date.now(),
  ): void {
    this.sql.exec(
      "INSERT INTO transfers (id, peer, state, units, at) VALUES (?, ?, ?, ?, ?)",
      id,
      peer,
      state,
      units,
      at,
    );
  }

  /**
   * Settles a transfer this object asked for with the `units` the giver answered; true when they
   * are new here (a transfer is credited once). An empty answer leaves no record.
   */
  receiveTransfer(id: string, units: number): boolean {
    if (units === 0) {
      this.sql.exec("DELETE FROM transfers WHERE id = ? AND state = 'asking'", id);
      return false;
    }
    return (
      this.sql.exec(
        "UPDATE transfers SET state = 'received', units = ? WHERE id = ? AND state = 'asking'",
        units,
        id,
      ).rowsWritten > 0
    );
  }

  /**
   * This object's part of the sku's units, read in one statement: its units on hand and held,
   * the transfers it is asking for, and those it gave since `since` (which a taker may not have
   * credited yet). See StockTransfers' `wholeSku`.
   */
  part(since: number): StockPart {
    const row = this.sql
      .exec<{ on_hand: number | null; reserved: number | null; asking: string; given: string }>(
        `SELECT (SELECT on_hand FROM stock WHERE id = 1) AS on_hand,
           (SELECT reserved FROM stock WHERE id = 1) AS reserved,
           (SELECT json_group_array(id) FROM transfers WHERE state = 'asking') AS asking,
           (SELECT json_group_array(json_object('id', id, 'units', units)) FROM transfers
              WHERE state = 'given' AND at >= ?) AS given`,
        since,
      )
      .one();
    return {
      onHand: row.on_hand ?? 0,
      reserved: row.reserved ?? 0,
      asking: JSON.parse(row.asking) as string[],
      given: JSON.parse(row.given) as StockPart["given"],
    };
  }

  /** Transfers still `asking` since `before` or earlier: their object stopped while it asked. */
  transfersAsking(before: number): TransferRow[] {
    return this.sql
      .exec<TransferRow>("SELECT * FROM transfers WHERE state = 'asking' AND at <= ?", before)
      .toArray();
  }

  /** Holds still `held` whose time ran out by `now`. */
  expiredHolds(now: number): HoldRow[] {
    return this.sql
      .exec<HoldRow>("SELECT * FROM holds WHERE state = 'held' AND expires_at <= ?", now)
      .toArray();
  }

  /**
   * Forgets what no late retry needs any more: released and returned holds, tombstones,
   * adjustment ids and settled transfers older than `before`. Committed holds stay for ever: a
   * cancel can return them at any age.
   */
  prune(before: number): void {
    this.sql.exec(
      "DELETE FROM holds WHERE state IN ('released', 'returned') AND updated_at < ?",
      before,
    );
    this.sql.exec("DELETE FROM hold_tombstones WHERE at < ?", before);
    this.sql.exec("DELETE FROM adjustments WHERE at < ?", before);
    this.sql.exec("DELETE FROM transfers WHERE state <> 'asking' AND at < ?", before);
  }

  /** The stock row with the alarm's inputs, in one statement. */
  alarmInputs(): AlarmInputs {
    return this.sql
      .exec<AlarmInputs>(
        `SELECT (SELECT min(expires_at) FROM holds WHERE state = 'held') AS next_expiry,
           (SELECT min(at) FROM transfers WHERE state = 'asking') AS asking_since, stock.*
         FROM (SELECT 1) LEFT JOIN stock ON stock.id = 1`,
      )
      .one();
  }
}

/** A hold's answer to a call that finds it: still held (with the level), or how it ended. */
export function holdAnswer(store: StockStore, hold: HoldRow): HoldResult {
  if (hold.state === "held") return { ok: true, level: toLevel(store.mustRow()) };
  return { ok: false, reason: hold.state === "released" ? "released" : "committed" };
}

/** A repeated call answers ok; a call that contradicts the hold's fate says what happened. */
export function finishedAnswer(
  store: StockStore,
  hold: HoldRow,
  wanted: HoldRow["state"],
): HoldResult {
  if (hold.state === wanted) return { ok: true, level: toLevel(store.mustRow()) };
  return { ok: false, reason: hold.state === "released" ? "released" : "committed" };
}
