import { HANDED_OVER, refundedInFull } from "../db/fulfillment-schema";

/** An order still in a non-final state this long after it was created is looked at by the sweep. */
const SWEEP_AFTER_MS = 3 * 60_000;
const BATCH = 100;

export interface SweepDeps {
  db: D1Database;
  /** Drives what is left of an order's checkout or cancel in its shopper's cart object. */
  repairOrder(shopperId: string, orderId: string): Promise<string>;
  resendFulfillment(orderIds: string[]): Promise<void>;
  /** Finishes refunds that stopped after they were written (`src/refunds/refund.ts`). */
  finishRefunds(now: number): Promise<{ settled: number; failures: number }>;
}

export interface SweepReport {
  checkoutsSettled: number;
  fulfillmentsResent: number;
  cancelsResumed: number;
  refundsSettled: number;
  failures: number;
}

/**
 * The reconciliation sweep (cron): finds orders that are not final long after they should be and
 * drives them on. Each process also recovers by its own alarm; the sweep is the second line,
 * for a lost alarm, a cart object that was reset, or a fulfillment message the queue lost.
 */
export async function sweepOrders(deps: SweepDeps, now = Date.now()): Promise<SweepReport> {
  const before = new Date(now - SWEEP_AFTER_MS).toISOString();
  const [pending, paid, cancelled] = await deps.db.batch<{ id: string; shopper_id: string }>([
    deps.db
      .prepare(
        "SELECT id, shopper_id FROM orders WHERE status = 'pending_payment' AND created_at < ? LIMIT ?",
      )
      .bind(before, BATCH),
    deps.db
      .prepare(
        `SELECT o.id, o.shopper_id FROM orders o
         WHERE o.status = 'paid' AND o.created_at < ?
           AND NOT ${refundedInFull("o")}
           AND NOT EXISTS (SELECT 1 FROM order_events e
                           WHERE e.order_id = o.id AND e.once = '${HANDED_OVER}')
         LIMIT ?`,
      )
      .bind(before, BATCH),
    // A cancel is done once its units are back ('restocked'); before that it is resumed.
    deps.db
      .prepare(
        `SELECT o.id, o.shopper_id FROM orders o
         WHERE o.status = 'cancelled' AND o.created_at < ?
           AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.once = 'restocked')
         LIMIT ?`,
      )
      .bind(before, BATCH),
  ]);
  const report: SweepReport = {
    checkoutsSettled: 0,
    fulfillmentsResent: 0,
    cancelsResumed: 0,
    refundsSettled: 0,
    failures: 0,
  };
  const repair = async (rows: { id: string; shopper_id: string }[], count: keyof SweepReport) => {
    const results = await Promise.allSettled(rows.map((r) => deps.repairOrder(r.shopper_id, r.id)));
    for (const r of results) report[r.status === "fulfilled" ? count : "failures"] += 1;
  };
  await repair(pending?.results ?? [], "checkoutsSettled");
  await repair(cancelled?.results ?? [], "cancelsResumed");
  const resend = (paid?.results ?? []).map((r) => r.id);
  if (resend.length > 0) {
    await deps.resendFulfillment(resend);
    report.fulfillmentsResent = resend.length;
  }
  const refunds = await deps.finishRefunds(now);
  report.refundsSettled = refunds.settled;
  report.failures += refunds.failures;
  await deps.db
    .prepare(
      `INSERT INTO sweeps (checkouts_settled, fulfillments_resent, cancels_resumed, refunds_settled, failures)
       VALUES (?, ?, ?, ?, ?)`,
    )
    .bind(
      report.checkoutsSettled,
      report.fulfillmentsResent,
      report.cancelsResumed,
      report.refundsSettled,
      report.failures,
    )
    .run();
  return report;
}

export interface SweepRow extends SweepReport {
  at: string;
}

/** The latest sweeps, newest first (the dashboard shows them). */
export async function recentSweeps(db: D1Database, limit = 10): Promise<SweepRow[]> {
  const { results } = await db
    .prepare(
      `SELECT at, checkouts_settled AS checkoutsSettled, fulfillments_resent AS fulfillmentsResent,
         cancels_resumed AS cancelsResumed, refunds_settled AS refundsSettled, failures FROM sweeps ORDER BY id DESC LIMIT ?`,
    )
    .bind(limit)
    .all<SweepRow>();
  return results;
}
