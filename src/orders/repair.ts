import { queueEmailStatement } from "../emails/outbox";
import { findOrder } from "./read";
import { transitionOrder } from "./repo";

/** What the cart knows of an order's processes once none of them is left to drive. */
export interface ProcessFacts {
  /** Its checkout's record, when the cart still has it: whether it is done, and answered paid. */
  checkout?: { done: boolean; paid: boolean; paymentId: string | null };
  /** Whether the cart has a record of a cancel of it. */
  cancelRecorded: boolean;
}

export type Repair = "projected paid" | "abandoned" | "cancel to resume" | null;

/**
 * Repairs what an order's D1 row lacks after its processes are finished or gone: the reconciliation
 * sweep's last step. Records outlive every effect, so an order still `pending_payment` with an
 * answered record, or none, was paid exactly when the record says so (and never without one).
 * A cancelled order never restocked whose cancel record is gone needs its cancel resumed (refund
 * and restock are idempotent): the caller does that, in the cart.
 */
export async function repairOrder(
  db: D1Database,
  orderId: string,
  facts: ProcessFacts,
): Promise<Repair> {
  const order = await findOrder(db, orderId);
  if (order?.status === "pending_payment" && (facts.checkout?.done ?? true)) {
    const paid = facts.checkout?.paid === true;
    const paymentId = facts.checkout?.paymentId ?? undefined;
    await transitionOrder(
      db,
      orderId,
      ["pending_payment"],
      paid ? "paid" : "payment_failed",
      paid
        ? { type: "paid", data: { paymentId }, once: "paid" }
        : { type: "payment_failed", data: { reason: "abandoned" }, once: "payment_failed" },
      paymentId,
    );
    if (paid) await queueEmailStatement(db, orderId, "order_confirmed").run();
    return paid ? "projected paid" : "abandoned";
  }
  const restocked = order?.events.some((e) => e.type === "restocked");
  if (order?.status === "cancelled" && !restocked && !facts.cancelRecorded) {
    return "cancel to resume";
  }
  return null;
}
