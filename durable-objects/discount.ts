import { DurableObject } from "cloudflare:workers";
import type { RedemptionLimits, RedemptionResult } from "../src/promotions/authority";
import { migrateOnce } from "./migrate-once";
import migrations from "./migrations/discount/migrations.js";

type State = "held" | "committed" | "released";

/**
 * The single authority on one discount code's uses, as `InventoryObject` is on a sku's units: a
 * checkout holds a use, then commits it (its order is paid) or releases it (it failed). Every
 * method reads and writes with nothing awaited between, so two checkouts can never both take the
 * last use. Holds expire by themselves; a released hold stays as a tombstone, so a late retry of
 * it never takes a use again.
 */
export class DiscountObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(() => migrateOnce(ctx.storage, migrations));
  }

  /** Holds one use for `holdId` (idempotent: the same id answers as it did). */
  async hold(
    holdId: string,
    customer: string,
    limits: RedemptionLimits,
  ): Promise<RedemptionResult> {
    const now = Date.now();
    this.expireDue(now);
    const seen = this.stateOf(holdId);
    if (seen) return seen === "released" ? { ok: false, reason: "released" } : { ok: true };
    if (limits.usageLimit !== null && this.count() >= limits.usageLimit) {
      return { ok: false, reason: "used_up" };
    }
    if (limits.perCustomerLimit !== null && this.count(customer) >= limits.perCustomerLimit) {
      return { ok: false, reason: "customer_limit" };
    }
    const expiresAt = now + limits.ttlMs;
    this.sql.exec(
      `INSERT INTO redemptions (hold_id, customer, state, expires_at, updated_at)
       VALUES (?, ?, 'held', ?, ?)`,
      holdId,
      customer,
      expiresAt,
      now,
    );
    await this.armFor(expiresAt);
    return { ok: true };
  }

  /** Makes a held use final (its order is being paid). A released or unknown hold cannot be. */
  async commit(holdId: string): Promise<RedemptionResult> {
    this.expireDue(Date.now());
    const state = this.stateOf(holdId);
    if (state === "committed") return { ok: true };
    if (state !== "held") return { ok: false, reason: "released" };
    this.setState(holdId, "held", "committed");
    return { ok: true };
  }

  /**
   * Gives a use back, held or committed (a checkout undone after its commit, before capture). An
   * unknown hold is written released (a tombstone), so a hold that arrives after its release is
   * refused. A paid order never calls this: its use stays used, cancelled or not.
   */
  async release(holdId: string, customer = ""): Promise<{ state: State }> {
    const now = Date.now();
    this.sql.exec(
      `INSERT INTO redemptions (hold_id, customer, state, expires_at, updated_at)
       VALUES (?1, ?2, 'released', ?3, ?3)
       ON CONFLICT (hold_id) DO UPDATE SET state = 'released', updated_at = ?3`,
      holdId,
      customer,
      now,
    );
    return { state: this.stateOf(holdId) ?? "released" };
  }

  /** The code's uses now: committed, and held by checkouts still running. */
  async counts(): Promise<{ used: number; held: number }> {
    this.expireDue(Date.now());
    const row = this.sql
      .exec<{ used: number; held: number }>(
        `SELECT coalesce(sum(state = 'committed'), 0) AS used, coalesce(sum(state = 'held'), 0) AS held
         FROM redemptions`,
      )
      .one();
    return row;
  }

  override async alarm(): Promise<void> {
    this.expireDue(Date.now());
    const next = this.sql
      .exec<{ at: number | null }>(
        "SELECT min(expires_at) AS at FROM redemptions WHERE state = 'held'",
      )
      .one().at;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private expireDue(now: number): void {
    this.sql.exec(
      "UPDATE redemptions SET state = 'released', updated_at = ?1 WHERE state = 'held' AND expires_at <= ?1",
      now,
    );
  }

  /** Uses counted against a limit: held and committed, of everyone or of one customer. */
  private count(customer?: string): number {
    const where = customer === undefined ? "" : "AND customer = ?";
    return this.sql
      .exec<{ n: number }>(
        `SELECT count(*) AS n FROM redemptions WHERE state IN ('held', 'committed') ${where}`,
        ...(customer === undefined ? [] : [customer]),
      )
      .one().n;
  }

  private stateOf(holdId: string): State | undefined {
    return this.sql
      .exec<{ state: State }>("SELECT state FROM redemptions WHERE hold_id = ?", holdId)
      .toArray()[0]?.state;
  }

  private setState(holdId: string, from: State, to: State): void {
    this.sql.exec(
      "UPDATE redemptions SET state = ?, updated_at = ? WHERE hold_id = ? AND state = ?",
      to,
      Date.now(),
      holdId,
      from,
    );
  }

  private async armFor(at: number): Promise<void> {
    const armed = await this.ctx.storage.getAlarm();
    if (armed === null || armed > at) await this.ctx.storage.setAlarm(at);
  }
}
