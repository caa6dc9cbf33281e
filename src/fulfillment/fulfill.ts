import { z } from "zod";
import { chunks } from "../db/chunks";
import { queueEmailsStatement } from "../emails/outbox";
import { transitionOrder } from "../orders/repo";

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
 * queued in the outbox, in one D1 batch of three statements for the whole batch of orders. Safe to
 * run twice: the status change is conditional, the event and the email are unique per order, so a
 * second run adds nothing. Nearly every order is found paid; only those the batch did not change
 * are read afterwards, to tell why. An order that does not exist answers `missing`.
 */
export async function fulfillOrders(
  db: D1Database,
  orderIds: readonly string[],
): Promise<Map<string, FulfillOutcome | "missing">> {
  const ids = [...new Set(orderIds)];
  const outcomes = new Map<string, FulfillOutcome | "missing">();
  if (ids.length === 0) return outcomes;
  const shipments = JSON.stringify(
    await Promise.all(ids.map(async (id) => ({ id, tracking: await trackingNumberFor(id) }))),
  );
  const at = new Date().toISOString();
  const [moved] = await db.batch<{ id: string }>([
    db
      .prepare(
        `UPDATE orders SET status = 'fulfilled', updated_at = ?2
         WHERE id IN (SELECT value ->> 'id' FROM json_each(?1)) AND status = 'paid'
         RETURNING id`,
      )
      .bind(shipments, at),
    // An order is fulfilled only here, and its event is once-only: the orders this batch moved
    // get theirs, one fulfilled before keeps the one it has.
    db
      .prepare(
        `INSERT INTO order_events (order_id, type, at, data, once)
         SELECT o.id, 'fulfilled', ?2, json_object('trackingNumber', s.value ->> 'tracking'), 'fulfilled'
         FROM json_each(?1) s JOIN orders o ON o.id = s.value ->> 'id'
         WHERE o.status = 'fulfilled'
         ON CONFLICT DO NOTHING`,
      )
      .bind(shipments, at),
    // Only an order fulfilled gets the email: a cancel that won the race leaves it cancelled, and
    // a cancelled order is never told it shipped.
    queueEmailsStatement(db, ids, "order_shipped"),
  ]);
  const fulfilled = new Set((moved?.results ?? []).map((r) => r.id));
  const unchanged: string[] = [];
  for (const orderId of ids) {
    if (fulfilled.has(orderId)) outcomes.set(orderId, "fulfilled");
    else unchanged.push(orderId);
  }
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

/** The dead-letter queue's verdict: fulfillment kept failing, so a person must look at the order. */
export async function markFulfillmentFailed(db: D1Database, orderId: string): Promise<boolean> {
  return transitionOrder(db, orderId, ["paid"], "fulfillment_failed", {
    type: "fulfillment_failed",
    once: "fulfillment_failed",
  });
}
