import { stockShardStub } from "../src/inventory";
import type { InventoryObject } from "./inventory";
import { type StockPart, type StockRow, type StockStore, toLevel } from "./stock-store";

/** A shard that found all its siblings dry refuses short holds this long without asking again. */
const DRY_MEMORY_MS = 250;
/** A transfer left `asking` (this object stopped while it asked) is asked again after this. */
export const TRANSFER_RETRY_MS = 2_000;
/** A transfer given longer ago than this is taken as credited by its taker (see `wholeSku`). */
const IN_FLIGHT_MS = 60_000;

export interface TransferDeps {
  store: StockStore;
  inventory: DurableObjectNamespace<InventoryObject>;
  /** Arms the object's alarm, by `at` at the latest (see InventoryObject's `scheduleAlarm`). */
  scheduleAlarm: (at?: number) => Promise<unknown>;
}

/**
 * The units of a sharded sku moving between its shards (see `src/inventory.ts`). A shard short of
 * units takes some from its siblings; each transfer is recorded on both sides under one id
 * (`asking` here before the call, `given` on the giver as the units leave it), so an interrupted
 * transfer is finished with the same id and a unit moves exactly once.
 */
export class StockTransfers {
  /** The pull from siblings in flight, which concurrent holds short of units wait for. */
  private pulling: Promise<number> | null = null;
  /** Until when the siblings are known to have nothing free (see `pullUnits`). */
  private dryUntil = 0;

  constructor(private readonly deps: TransferDeps) {}

  /** The other shards of this sku, home first. */
  siblings(row: StockRow): number[] {
    return Array.from({ length: row.shards }, (_, i) => i).filter((i) => i !== row.shard);
  }

  shard(row: StockRow, shard: number): DurableObjectStub<InventoryObject> {
    return stockShardStub(this.deps.inventory, row.sku, shard);
  }

  /**
   * The sku's units on hand and held over every shard (home only), each unit counted once even
   * while a transfer carries it: gone from its giver's count, not yet in its taker's. Each
   * object's part is read in one step, whenever it comes; a unit given is in flight exactly when
   * its giver's part lists the transfer as given and its taker's as still asking. Home's own
   * part is read last, with no `await` before the caller changes its count.
   */
  async wholeSku(row: StockRow): Promise<{ onHand: number; reserved: number }> {
    const since = Date.now() - IN_FLIGHT_MS;
    const parts: StockPart[] = await Promise.all(
      this.siblings(row).map((shard) => this.shard(row, shard).part(since)),
    );
    parts.push(this.deps.store.part(since));
    const asking = new Set(parts.flatMap((p) => p.asking));
    const inFlight = parts
      .flatMap((p) => p.given)
      .filter((t) => asking.has(t.id))
      .reduce((sum, t) => sum + t.units, 0);
    return {
      onHand: parts.reduce((sum, p) => sum + p.onHand, 0) + inFlight,
      reserved: parts.reduce((sum, p) => sum + p.reserved, 0),
    };
  }

  /**
   * Gives a sibling shard free units: what it wants, or half of what is free here if that is more
   * (so a busy shard does not come back at once), never a held unit. The same `transferId` always
   * answers the same units, so a sibling that asks again after a crash is credited once.
   */
  async give(transferId: string, peer: number, want: number): Promise<number> {
    const { store } = this.deps;
    const done = store.transfer(transferId);
    if (done) return done.units ?? 0;
    const row = store.row();
    const available = row ? toLevel(row).available : 0;
    const units = Math.min(available, Math.max(want, Math.ceil(available / 2)));
    // Nothing given, nothing to remember: asked again, it answers what is free then.
    if (units === 0) return 0;
    store.recordTransfer(transferId, peer, "given", units);
    store.changeStock("on_hand = on_hand - ?", units);
    await this.deps.scheduleAlarm();
    return units;
  }

  /**
   * Takes units from the siblings until `quantity` are free here or every sibling was asked, or
   * waits for the pull already running (one at a time). False when the pull (its own or the one
   * it waited for) found every sibling dry: then there is nothing more to wait for, and for
   * DRY_MEMORY_MS holds short of units here are refused without asking the siblings again.
   */
  async pullUnits(row: StockRow, quantity: number): Promise<boolean> {
    if (Date.now() < this.dryUntil) return false;
    if (!this.pulling) {
      const short = () => quantity - toLevel(this.deps.store.mustRow()).available;
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
  async gather(row: StockRow): Promise<void> {
    await Promise.all(
      this.siblings(row).map((peer) => this.takeFrom(row, peer, Number.MAX_SAFE_INTEGER)),
    );
  }

  /**
   * Takes `units` off the sku's count on hand (home only): home's own units first, then each
   * shard's in turn, held units too, so the whole sku falls by that many (or to zero). A shard
   * whose holds then outnumber its units refuses the commits it cannot cover, as an unsharded
   * sku does. Answers the units taken.
   */
  async takeOffHand(row: StockRow, units: number): Promise<number> {
    let taken = this.deps.store.takeOnHand(units);
    for (const peer of this.siblings(row)) {
      if (taken >= units) break;
      taken += await this.shard(row, peer).shrink(crypto.randomUUID(), units - taken);
    }
    return taken;
  }

  /** Asks again for the transfers an interruption left `asking`: the giver answers the same units. */
  async finishInterrupted(now: number): Promise<void> {
    const { store } = this.deps;
    const row = store.row();
    if (!row) return;
    for (const t of store.transfersAsking(now - TRANSFER_RETRY_MS)) {
      this.credit(t.id, await this.shard(row, t.peer).give(t.id, row.shard, t.units ?? 1));
    }
  }

  /**
   * One transfer from `peer`: recorded as `asking` before the call (so the alarm finishes it if
   * this object stops), credited when the answer comes.
   */
  private async takeFrom(row: StockRow, peer: number, want: number): Promise<number> {
    const id = crypto.randomUUID();
    const now = Date.now();
    this.deps.store.recordTransfer(id, peer, "asking", want, now);
    await this.deps.scheduleAlarm(now + TRANSFER_RETRY_MS);
    const units = await this.shard(row, peer).give(id, row.shard, want);
    this.credit(id, units);
    return units;
  }

  private credit(transferId: string, units: number): void {
    const { store } = this.deps;
    if (store.receiveTransfer(transferId, units)) store.changeStock("on_hand = on_hand + ?", units);
  }
}
