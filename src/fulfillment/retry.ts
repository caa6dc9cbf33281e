import { AppError, notFound } from "../errors";
import { findOrder } from "../orders/read";
import { transitionOrder } from "../orders/repo";

export interface RetryFulfillmentDeps {
  db: D1Database;
  /** Sends the order to the fulfillment queue again. */
  enqueue: (orderId: string) => Promise<unknown>;
}

/**
 * Gives a `fulfillment_failed` order another go, once a person has fixed what made it fail: the
 * order goes back to `paid` (recorded as `fulfillment_retried`) and its message to the queue. Should
 * the send be lost, the reconciliation sweep re-sends paid orders; should it fail again, the
 * dead-letter queue marks it failed again.
 */
export async function retryFulfillment(deps: RetryFulfillmentDeps, orderId: string) {
  const moved = await transitionOrder(deps.db, orderId, ["fulfillment_failed"], "paid", {
    type: "fulfillment_retried",
  });
  if (!moved) {
    const order = await findOrder(deps.db, orderId);
    if (!order) throw notFound("Order");
    throw new AppError(
      "conflict",
      `Only an order whose fulfillment failed can be retried; this one is ${order.status}.`,
    );
  }
  await deps.enqueue(orderId);
}
