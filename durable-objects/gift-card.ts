import { DurableObject } from "cloudflare:workers";
import type { GiftCardState, SpendResult } from "../src/promotions/gift-card-authority";
import { migrateOnce } from "./migrate-once";
import migrations from "./migrations/gift-card/migrations.js";

type State = "held" | "committed" | "released";

/**
 * The single authority on one gift card's balance, as `DiscountObject` is on a code's uses: a
 * checkout holds an amount, then commits it (its order is paid) or releases it (it failed); a
 * refund credits a committed spend back, never more than it spent. Every method reads and writes
 * with nothing awaited between, so two checkouts can never both spend the same money, and the
 * balance never goes below zero. Holds expire; a released hold stays as a tombstone.
 */
export class GiftCardObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(() => migrateOnce(ctx.storage, migrations));
  }

  /** Issues the card (once: issuing it again answers the card as it is). */
  async issue(currency: string, initial: number): Promise<GiftCardState> {
    this.sql.exec(
      `INSERT INTO card (id, currency, initial, status, issued_at) VALUES (1, ?, ?, 'active', ?)
       ON CONFLICT (id) DO NOTHING`,
      currency,
      initial,
      Date.now(),
    );
    return this.stateNow();
  }

  async state(): Promise<GiftCardState | null> {
    return this.card() ? this.stateNow() : null;
  }

  async hold(
    holdId: string,
    spend: { currency: string; max: number; whole: boolean; ttlMs: number },
  ): Promise<SpendResult> {
    const now = Date.now();
    this.expireDue(now);
    const seen = this.spendOf(holdId);
    if (seen) {
      return seen.state === "released"
        ? { ok: false, reason: "released" }
        : { ok: true, amount: seen.amount };
    }
    const card = this.card();
    if (!card) return { ok: false, reason: "unknown" };
    if (card.status === "void") return { ok: false, reason: "void" };
    if (card.currency !== spend.currency) return { ok: false, reason: "currency" };
    const balance = this.balance();
    if (balance <= 0) return { ok: false, reason: "empty", balance: 0 };
    if (spend.whole && balance < spend.max) return { ok: false, reason: "insufficient", balance };
    const amount = Math.min(balance, spend.max);
    const expiresAt = now + spend.ttlMs;
    this.sql.exec(
      `INSERT INTO spends (hold_id, amount, state, expires_at, updated_at) VALUES (?, ?, 'held', ?, ?)`,
      holdId,
      amount,
      expiresAt,
      now,
    );
    const armed = await this.ctx.storage.getAlarm();
    if (armed === null || armed > expiresAt) await this.ctx.storage.setAlarm(expiresAt);
    return { ok: true, amount };
  }

  /** Makes a held spend final (its order is being paid). A released or unknown one cannot be. */
  async commit(holdId: string): Promise<{ ok: boolean }> {
    this.expireDue(Date.now());
    const seen = this.spendOf(holdId);
    if (seen?.state === "committed") return { ok: true };
    if (seen?.state !== "held") return { ok: false };
    this.setState(holdId, "committed");
    return { ok: true };
  }

  /**
   * Gives a spend back, held or committed (a checkout undone after its commit, before capture).
   * An unknown hold is written released (a tombstone), so a hold that arrives after its release
   * is refused. A paid order never calls this: a refund credits it instead.
   */
  async release(holdId: string): Promise<{ state: State }> {
    const now = Date.now();
    this.sql.exec(
      `INSERT INTO spends (hold_id, amount, state, expires_at, updated_at) VALUES (?1, 0, 'released', ?2, ?2)
       ON CONFLICT (hold_id) DO UPDATE SET state = 'released', updated_at = ?2`,
      holdId,
      now,
    );
    return { state: "released" };
  }

  /**
   * Credits up to `amount` of a committed spend back, once per `creditId`. A void card takes no
   * credit (`void`), unless `evenIfVoid` (no other way back is left for the money).
   */
  async credit(
    creditId: string,
    holdId: string,
    amount: number,
    evenIfVoid = false,
  ): Promise<{ ok: boolean; amount: number; void?: boolean }> {
    const done = this.sql
      .exec<{ amount: number }>("SELECT amount FROM credits WHERE credit_id = ?", creditId)
      .toArray()[0];
    if (done) return { ok: true, amount: done.amount };
    const spent = this.spendOf(holdId);
    if (spent?.state !== "committed") return { ok: false, amount: 0 };
    if (this.card()?.status === "void" && !evenIfVoid) return { ok: false, amount: 0, void: true };
    const credited = this.sql
      .exec<{ n: number }>(
        "SELECT coalesce(sum(amount), 0) AS n FROM credits WHERE hold_id = ?",
        holdId,
      )
      .one().n;
    const given = Math.max(0, Math.min(amount, spent.amount - credited));
    this.sql.exec(
      "INSERT INTO credits (credit_id, hold_id, amount, at) VALUES (?, ?, ?, ?)",
      creditId,
      holdId,
      given,
      Date.now(),
    );
    return { ok: true, amount: given };
  }

  /**
   * Voids the card: nothing more can be spent, and the holds of checkouts still running are let
   * go (their commit then fails, and they go back with nothing charged).
   */
  async void(): Promise<GiftCardState | null> {
    this.sql.exec("UPDATE card SET status = 'void'");
    this.sql.exec(
      "UPDATE spends SET state = 'released', updated_at = ? WHERE state = 'held'",
      Date.now(),
    );
    return this.state();
  }

  override async alarm(): Promise<void> {
    this.expireDue(Date.now());
    const next = this.sql
      .exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM spends WHERE state = 'held'")
      .one().at;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private stateNow(): GiftCardState {
    const card = this.card();
    if (!card) throw new Error("no card issued");
    this.expireDue(Date.now());
    const held = this.sql
      .exec<{ n: number }>("SELECT coalesce(sum(amount), 0) AS n FROM spends WHERE state = 'held'")
      .one().n;
    return {
      currency: card.currency,
      initial: card.initial,
      balance: this.balance(),
      held,
      status: card.status,
    };
  }

  private card() {
    return this.sql
      .exec<{ currency: string; initial: number; status: "active" | "void" }>(
        "SELECT currency, initial, status FROM card WHERE id = 1",
      )
      .toArray()[0];
  }

  /** initial + credits − (held + committed). */
  private balance(): number {
    return this.sql
      .exec<{ n: number }>(
        `SELECT (SELECT initial FROM card WHERE id = 1)
           + (SELECT coalesce(sum(amount), 0) FROM credits)
           - (SELECT coalesce(sum(amount), 0) FROM spends WHERE state IN ('held', 'committed')) AS n`,
      )
      .one().n;
  }

  private expireDue(now: number): void {
    this.sql.exec(
      "UPDATE spends SET state = 'released', updated_at = ?1 WHERE state = 'held' AND expires_at <= ?1",
      now,
    );
  }

  private spendOf(holdId: string) {
    return this.sql
      .exec<{ state: State; amount: number }>(
        "SELECT state, amount FROM spends WHERE hold_id = ?",
        holdId,
      )
      .toArray()[0];
  }

  private setState(holdId: string, to: State): void {
    this.sql.exec(
      "UPDATE spends SET state = ?, updated_at = ? WHERE hold_id = ?",
      to,
      Date.now(),
      holdId,
    );
  }
}
