import { logEvent } from "../../src/log";
import { type SweepReport, sweepOrders } from "../../src/orders/sweep";
import { finishStoppedReturns } from "../../src/returns/returns";
import { returnDeps, sweepDeps } from "../deps";

/**
 * Runs the reconciliation sweep against this Worker's bindings and logs what it did; then
 * finishes received returns whose restock or refund stopped half way.
 */
export async function runSweep(env: Env): Promise<SweepReport> {
  const report = await sweepOrders(sweepDeps(env));
  const returnsFinished = await finishStoppedReturns(returnDeps(env)).catch((err: unknown) => {
    logEvent("returns_sweep_failed", { error: String(err) }, "error");
    return 0;
  });
  logEvent("sweep", { ...report, returnsFinished });
  return report;
}
