import type { CartLine } from "../src/cart/cart-view";

const DAY_MS = 86_400_000;

/**
 * A cart's lines and its bookkeeping (`meta`: when it changed, when it expires, how many changes
 * it saw), in the object's SQLite storage. Every method is synchronous: an edit checks the
 * checkout lock and writes with nothing awaited between.
 */
export class CartLines {
  constructor(
    private readonly sql: SqlStorage,
    private readonly ttlDays: () => number,
    /** Called after every change (the cart arms its alarm for the expiry). */
    private readonly touched: () => void,
  ) {}

  lines(): CartLine[] {
    return this.lineRows().map((r) => ({ sku: r.sku, quantity: r.quantity }));
  }

  /** The lines in the order the cart shows them (first added first), with when each was added. */
  lineRows(): (CartLine & { addedAt: number })[] {
    return this.sql
      .exec<{ sku: string; quantity: number; addedAt: number }>(
        "SELECT sku, quantity, added_at AS addedAt FROM lines ORDER BY added_at, sku",
      )
      .toArray();
  }

  quantityOf(sku: string): number {
    return (
      this.sql
        .exec<{ quantity: number }>("SELECT quantity FROM lines WHERE sku = ?", sku)
        .toArray()[0]?.quantity ?? 0
    );
  }

  /** The quantity of `sku`'s line (0 without one) and the cart's count of lines, in one query. */
  lineOf(sku: string): { quantity: number; lines: number } {
    return this.sql
      .exec<{ quantity: number; lines: number }>(
        `SELECT coalesce((SELECT quantity FROM lines WHERE sku = ?), 0) AS quantity,
           (SELECT count(*) FROM lines) AS lines`,
        sku,
      )
      .one();
  }

  /** Writes the line (a new one added at `now`); answers the cart's new `updatedAt`. */
  writeLine(sku: string, quantity: number, now = Date.now()): string {
    this.sql.exec(
      `INSERT INTO lines (sku, quantity, added_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity`,
      sku,
      quantity,
      now,
    );
    return this.touch(now);
  }

  metaValue(key: string): string | undefined {
    return this.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key)
      .toArray()[0]?.value;
  }

  /** Counts the cart's changes (see `touch`): a merge knows whether a cart changed since it looked. */
  version(): number {
    return Number(this.metaValue("version") ?? 0);
  }

  updatedAt(): string {
    return this.metaValue("updated_at") ?? new Date().toISOString();
  }

  /** When an untouched cart deletes itself; a cart that was never touched expires a TTL from now. */
  expiresAt(): number {
    const at = Number(this.metaValue("expires_at"));
    return Number.isFinite(at) && at > 0 ? at : Date.now() + this.ttlMs();
  }

  ttlMs(): number {
    return this.ttlDays() * DAY_MS;
  }

  /** Records the change time and pushes expiry out to a full TTL from now; answers the time. */
  touch(now = Date.now()): string {
    const updatedAt = new Date(now).toISOString();
    this.sql.exec(
      `INSERT OR REPLACE INTO meta (key, value) VALUES ('updated_at', ?), ('expires_at', ?),
         ('version', coalesce((SELECT value FROM meta WHERE key = 'version'), 0) + 1)`,
      updatedAt,
      String(now + this.ttlMs()),
    );
    this.touched();
    return updatedAt;
  }

  /** Moves the cart into another market (its lines are priced there from now on). */
  setMarket(market: string): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('market', ?)", market);
    this.touch();
  }

  /** Puts a discount code on the cart, or takes it off (null). */
  setDiscount(code: string | null): void {
    if (code === null) this.sql.exec("DELETE FROM meta WHERE key = 'discount'");
    else this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('discount', ?)", code);
    this.touch();
  }

  /** Drops one line without counting it as a change (a line whose product is gone). */
  dropLine(sku: string): void {
    this.sql.exec("DELETE FROM lines WHERE sku = ?", sku);
  }

  deleteLine(sku: string): void {
    this.dropLine(sku);
    this.touch();
  }

  clear(): void {
    this.sql.exec("DELETE FROM lines");
    this.touch();
  }
}
