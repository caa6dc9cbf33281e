import { logEvent } from "../../src/log";
import { type SweepReport, sweepOrders } from "../../src/orders/sweep";
import { sweepDeps } from "../deps";

/** Runs the reconciliation sweep against this Worker's bindings and logs what it did. */
export async function runSweep(env: Env): Promise<SweepReport> {
  const report = await sweepOrders(sweepDeps(env));
  logEvent("sweep", { ...report });
  return report;
}
