import { logEvent } from "../../src/log";
import { type SweepReport, sweepOrders } from "../../src/orders/sweep";
import { cartStubFor } from "../carts";

/** Runs the reconciliation sweep against this Worker's bindings and logs what it did. */
export async function runSweep(env: Env): Promise<SweepReport> {
  const report = await sweepOrders({
    db: env.DB,
    repairOrder: (shopperId, orderId) => cartStubFor(env, shopperId).repairOrder(orderId),
    resendFulfillment: async (orderIds) => {
      await env.FULFILLMENT.sendBatch(orderIds.map((orderId) => ({ body: { orderId } })));
    },
  });
  logEvent("sweep", { ...report });
  return report;
}
