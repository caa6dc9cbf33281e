import { z } from "zod";
import { chunks } from "../db/chunks";
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
 * Ships paid orders: each is marked `fulfilled` with a tracking number event and its shipped email
 * queued in the outbox, every order's statements in one D1 batch. Safe to run twice: the status
 * change is conditional, the event and the email are unique per order, so a second run adds
 * nothing. Nearly every order is found paid; only those the batch did not change are read
 * afterwards, to tell why. An order that does not exist answers `missing`.
 */
export async function fulfillOrders(
  db: D1Database,
  orderIds: readonly string[],
): Promise<Map<string, FulfillOutcome | "missing">> {
  const ids = [...new Set(orderIds)];
  const outcomes = new Map<string, FulfillOutcome | "missing">();
  if (ids.length === 0) return outcomes;
  const perOrder = await Promise.all(
    ids.map(async (orderId) => [
      ...transitionStatements(db, orderId, ["paid"], "fulfilled", {
        type: "fulfilled",
        data: { trackingNumber: await trackingNumberFor(orderId) },
        once: "fulfilled",
      }),
      // Only an order this batch moved to fulfilled gets the email: a cancel that won the race
      // leaves it cancelled, and a cancelled order is never told it shipped.
      queueEmailStatement(db, orderId, "order_shipped"),
    ]),
  );
  const results = await db.batch(perOrder.flat());
  const unchanged: string[] = [];
  let at = 0;
  ids.forEach((orderId, i) => {
    const update = results[at];
    at += perOrder[i]?.length ?? 0;
    if ((update?.meta.changes ?? 0) === 1) outcomes.set(orderId, "fulfilled");
    else unchanged.push(orderId);
  });
  for (const chunk of chunks(unchanged)) {
    const { results: rows } = await db
      .prepare(`SELECT id, status FROM orders WHERE id IN (${chunk.map(() => "?").join(",")})`)
      .bind(...chunk)
      .all<{ id: string; status: string }>();
    const status = new Map(rows.map((r) => [r.id, r.status]));
    for (const orderId of chunk) {
      const now = status.get(orderId);
      if (now === undefined) outcomes.set(orderId, "missing");
      else outcomes.set(orderId, now === "fulfilled" ? "already_done" : "not_payable");
    }
  }
  return outcomes;
}

/** One order's `fulfillOrders`; throws when the order does not exist. */
export async function fulfillOrder(db: D1Database, orderId: string): Promise<FulfillOutcome> {
  const outcome = (await fulfillOrders(db, [orderId])).get(orderId);
  if (outcome === undefined || outcome === "missing") throw new Error(`order ${orderId} not found`);
  return outcome;
}

/** The dead-letter queue's verdict: fulfillment kept failing, so a person must look at the order. */
export async function markFulfillmentFailed(db: D1Database, orderId: string): Promise<boolean> {
  return transitionOrder(db, orderId, ["paid"], "fulfillment_failed", {
    type: "fulfillment_failed",
    once: "fulfillment_failed",
  });
}
