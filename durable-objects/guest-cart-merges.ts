import type { CartLine } from "../src/cart/cart-view";
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "../src/cart/cart-view";
import type { CatalogPart } from "../src/cart/catalog-lookup";
import { logEvent } from "../src/log";
import { isSku } from "../src/schemas/common";
import type { CartObject } from "./cart";

/** `meta` keys of a guest's cart waiting to be merged (`merge:<guest id>`) and of one merged. */
const MERGE_PREFIX = "merge:";
const MERGED_PREFIX = "merged:";

export interface MergeHooks {
  /** Whether a checkout holds the cart, after recovering one an object reset left behind. */
  isLocked(): Promise<boolean>;
  /** The same, synchronously: a checkout holds the cart now. */
  checkoutRunning(): boolean;
  /** The catalog rows and units available of `skus` (and of the cart's lines), read from D1 now. */
  lookUp(skus: string[]): Promise<{
    catalog: ReadonlyMap<string, CatalogPart>;
    available: ReadonlyMap<string, number>;
  }>;
  lineOf(sku: string): { quantity: number; lines: number };
  writeLine(sku: string, quantity: number): void;
}

/**
 * A customer's cart taking in guests' carts at login. A merge is noted in the customer's cart
 * first, then done now, or, while a checkout holds this cart (a 3-D Secure checkout waiting,
 * say), once it has finished: at its answer, the next view of the cart or its alarm. The guest's
 * cart keeps its lines until they are in this one, so an interruption anywhere loses none.
 */
export class GuestCartMerges {
  /** Known to have no merge waiting, so views and checkouts need not look (false after a reset). */
  private noneWaiting = false;

  constructor(
    private readonly sql: SqlStorage,
    private readonly carts: DurableObjectNamespace<CartObject>,
    private readonly hooks: MergeHooks,
  ) {}

  /** Notes the guest's cart to merge and merges what it can now. */
  async mergeGuest(guestId: string): Promise<void> {
    this.sql.exec(
      "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
      `${MERGE_PREFIX}${guestId}`,
      String(Date.now()),
    );
    this.noneWaiting = false;
    await this.mergePending();
  }

  /** Merges what waits, now that a checkout may have let go of the cart; failures wait for later. */
  async mergeWhenFree(): Promise<void> {
    if (this.noneWaiting) return;
    if (this.pendingMerges().length === 0) {
      this.noneWaiting = true;
      return;
    }
    await this.mergePending().catch((err) =>
      logEvent("cart_merge_failed", { error: String(err) }, "warn"),
    );
  }

  /**
   * Merges the guests' carts noted by `mergeGuest`, unless a checkout holds this cart. A guest
   * cart's lines are added once per version of it (a mark written with the lines), and the guest
   * cart is emptied only after: a retry after an interruption finds the mark and only empties it.
   * Quantities add up, capped by the line limit, the stock available now and the cart's line
   * limit; lines that cannot fit are left out.
   */
  private async mergePending(): Promise<void> {
    for (const guestId of this.pendingMerges()) {
      if (await this.hooks.isLocked()) return;
      const guest = this.carts.get(this.carts.idFromName(guestId));
      const { lines, version } = await guest.handOver();
      const mark = `${MERGED_PREFIX}${guestId}:${version}`;
      const incoming = lines.filter((l) => isSku(l.sku));
      if (incoming.length > 0 && !this.marked(mark)) {
        const skus = incoming.map((l) => l.sku);
        const found = await this.hooks.lookUp(skus);
        // A checkout may have started while we awaited: its lines must not change.
        if (this.hooks.checkoutRunning()) return;
        if (!this.marked(mark)) {
          this.addMerged(incoming, found);
          this.sql.exec("INSERT INTO meta (key, value) VALUES (?, '1')", mark);
        }
      }
      await guest.forgetHandedOver(version);
      this.sql.exec("DELETE FROM meta WHERE key IN (?, ?)", `${MERGE_PREFIX}${guestId}`, mark);
    }
  }

  /** Adds merged lines to the cart (see `mergePending`), with no `await`: one storage step. */
  private addMerged(
    incoming: CartLine[],
    { catalog, available }: Awaited<ReturnType<MergeHooks["lookUp"]>>,
  ): void {
    for (const line of incoming) {
      if (!catalog.get(line.sku)?.active) continue;
      const { quantity: current, lines } = this.hooks.lineOf(line.sku);
      if (current === 0 && lines >= MAX_CART_LINES) continue;
      const merged = Math.min(
        current + line.quantity,
        MAX_LINE_QUANTITY,
        available.get(line.sku) ?? 0,
      );
      if (merged > current) this.hooks.writeLine(line.sku, merged);
    }
  }

  /** The guests whose carts wait to be merged into this one. */
  private pendingMerges(): string[] {
    return this.sql
      .exec<{ key: string }>("SELECT key FROM meta WHERE substr(key, 1, 6) = ?", MERGE_PREFIX)
      .toArray()
      .map((r) => r.key.slice(MERGE_PREFIX.length));
  }

  private marked(key: string): boolean {
    return this.sql.exec("SELECT 1 FROM meta WHERE key = ?", key).toArray().length > 0;
  }
}
