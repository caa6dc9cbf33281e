import { z } from "zod";
import { queueEmailStatement } from "../emails/outbox";
import { transitionOrder, transitionStatements } from "../orders/repo";

export const FulfillmentMessageSchema = z.object({
  orderId: z.string().regex(/^ord_[a-z0-9]+$/),
  /** The request that paid the order, so its logs and the consumer's can be joined. */
  requestId: z.string().max(255).optional(),
});

/** A tracking number that depends only on the order, so a redelivered message yields the same one. */
export async function trackingNumberFor(orderId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(orderId));
  const digits = [...new Uint8Array(digest, 0, 8)].map((b) => (b % 10).toString()).join("");
  return `1Z${digits}${orderId.slice(-4).toUpperCase()}`;
}

export type FulfillOutcome = "fulfilled" | "already_done" | "not_payable";

/**
 * Ships a paid order: marks it `fulfilled` with a tracking number event and queues the shipped
 * email in the outbox, all in one D1 batch. Safe to run twice: the status change is conditional,
 * the event and the email are unique per order, so a second run adds nothing. The batch goes
 * first, as nearly every message finds its order paid; only when it changed nothing does a read
 * tell why. Throws when the order does not exist (the message is retried, then dead-lettered).
 */
export async function fulfillOrder(db: D1Database, orderId: string): Promise<FulfillOutcome> {
  const trackingNumber = await trackingNumberFor(orderId);
  const [update] = await db.batch([
    ...transitionStatements(db, orderId, ["paid"], "fulfilled", {
      type: "fulfilled",
      data: { trackingNumber },
      once: "fulfilled",
    }),
    // Only an order this batch moved to fulfilled gets the email: a cancel that won the race
    // leaves it cancelled, and a cancelled order is never told it shipped.
    queueEmailStatement(db, orderId, "order_shipped"),
  ]);
  if ((update?.meta.changes ?? 0) === 1) return "fulfilled";
  const order = await db
    .prepare("SELECT status FROM orders WHERE id = ?")
    .bind(orderId)
    .first<{ status: string }>();
  if (!order) throw new Error(`order ${orderId} not found`);
  return order.status === "fulfilled" ? "already_done" : "not_payable";
}

/** The dead-letter queue's verdict: fulfillment kept failing, so a person must look at the order. */
export async function markFulfillmentFailed(db: D1Database, orderId: string): Promise<boolean> {
  return transitionOrder(db, orderId, ["paid"], "fulfillment_failed", {
    type: "fulfillment_failed",
    once: "fulfillment_failed",
  });
}
