import * as z from "zod";
import type { FulfillmentProviderName } from "../config";
import { HANDED_OVER, refundedInFull } from "../db/fulfillment-schema";
import { transitionOrder } from "../orders/repo";
import { signatureHeader } from "../signature";
import { awaitsHandOver } from "./hand-over";
import { recordShipment } from "./shipments";

export const FulfillmentMessageSchema = z.object({
  orderId: z.string().regex(/^ord_[a-z0-9]+$/),
  /** The request that paid the order, so its logs and the consumer's can be joined. */
  requestId: z.string().max(255).optional(),
});

/**
 * A simulated parcel's tracking number: it says it is one, and depends only on the order, so a
 * redelivered message yields the same.
 */
export async function trackingNumberFor(orderId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(orderId));
  const digits = [...new Uint8Array(digest, 0, 8)].map((b) => (b % 10).toString()).join("");
  return `SIM-${digits}${orderId.slice(-4).toUpperCase()}`;
}

/**
 * `fulfilled`: shipped now (simulated); `handed_over`: the provider has it (listed to pack, or
 * the warehouse acknowledged it); `already_done`: shipped or handed over before; `not_payable`:
 * not paid (cancelled, say); `missing`: no such order (yet).
 */
export type FulfillOutcome = "fulfilled" | "handed_over" | "already_done" | "not_payable";

export interface FulfillDeps {
  db: D1Database;
  provider: FulfillmentProviderName;
  /** The warehouse, for `webhook`. */
  warehouse?: { url: string; secret: string };
  send?: (url: string, init: RequestInit) => Promise<Response>;
  /** The orders as admins see them, for what the warehouse is sent. */
  ordersById?: (ids: string[]) => Promise<Map<string, unknown>>;
}

interface OrderState {
  id: string;
  status: string;
  handed_over: number;
  /** Refunded in full before it shipped: it is not shipped (`not_payable`). */
  refunded: number;
}

/**
 * Hands paid orders to the fulfillment provider, each at most once: `simulated` ships each now
 * (one shipment of every line, a tracking number that says it is simulated); `manual` lists it
 * for the merchant to pack (an event, in one statement for the batch); `webhook` posts it to the
 * warehouse, signed, and counts it handed over only on a 2xx. A failure for one order is its own
 * (an Error in the map: that message is retried); the others go on.
 */
export async function fulfillOrders(
  deps: FulfillDeps,
  orderIds: readonly string[],
): Promise<Map<string, FulfillOutcome | "missing" | Error>> {
  const ids = [...new Set(orderIds)];
  const outcomes = new Map<string, FulfillOutcome | "missing" | Error>();
  if (ids.length === 0) return outcomes;
  const { results } = await deps.db
    .prepare(
      `SELECT o.id, o.status, EXISTS (SELECT 1 FROM order_events e
         WHERE e.order_id = o.id AND e.once = '${HANDED_OVER}') AS handed_over,
         ${refundedInFull("o")} AS refunded
       FROM orders o WHERE o.id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify(ids))
    .all<OrderState>();
  const states = new Map(results.map((r) => [r.id, r]));
  const due: string[] = [];
  for (const id of ids) {
    const state = states.get(id);
    if (!state) outcomes.set(id, "missing");
    else if (state.status === "paid" && !state.handed_over && !state.refunded) due.push(id);
    else {
      const shipped =
        /fulfilled/.test(state.status) || (state.status === "paid" && !state.refunded);
      outcomes.set(id, shipped ? "already_done" : "not_payable");
    }
  }
  if (due.length === 0) return outcomes;
  if (deps.provider === "manual") {
    await handOver(deps.db, due, { provider: "manual" });
    for (const id of due) outcomes.set(id, "handed_over");
    return outcomes;
  }
  const run = deps.provider === "simulated" ? shipSimulated : postToWarehouse;
  await Promise.all(
    due.map(async (id) => {
      outcomes.set(id, await run(deps, id).catch((err: unknown) => toError(err)));
    }),
  );
  return outcomes;
}

const toError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));

async function shipSimulated(deps: FulfillDeps, orderId: string): Promise<FulfillOutcome> {
  const { created } = await recordShipment(deps.db, orderId, {
    key: "simulated",
    source: "simulated",
    carrier: "Simulated carrier",
    trackingNumber: await trackingNumberFor(orderId),
  }).catch((err: unknown) => {
    // A cancel that won the race: the order no longer ships.
    if (err instanceof Error && "code" in err && err.code === "conflict") return { created: null };
    throw err;
  });
  return created === null ? "not_payable" : created ? "fulfilled" : "already_done";
}

async function postToWarehouse(deps: FulfillDeps, orderId: string): Promise<FulfillOutcome> {
  const { warehouse, send, ordersById } = deps;
  if (!warehouse || !send || !ordersById) {
    throw new Error(
      "FULFILLMENT_PROVIDER is webhook but FULFILLMENT_WEBHOOK_URL or its secret is unset",
    );
  }
  const order = (await ordersById([orderId])).get(orderId);
  const body = JSON.stringify({
    id: `ful_${orderId}`,
    type: "order.fulfillment_requested",
    createdAt: new Date().toISOString(),
    data: { order },
  });
  const res = await send(warehouse.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": `ful_${orderId}`,
      "webhook-signature": await signatureHeader(warehouse.secret, body),
    },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  await res.body?.cancel();
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`the warehouse answered ${res.status}`);
  }
  await handOver(deps.db, [orderId], { provider: "webhook" });
  return "handed_over";
}

/** Records that the provider has these orders (once each, and only while still paid). */
function handOver(db: D1Database, orderIds: string[], data: Record<string, string>) {
  return db
    .prepare(
      `INSERT INTO order_events (order_id, type, at, data, once)
       SELECT id, '${HANDED_OVER}', ?2, ?3, '${HANDED_OVER}' FROM orders
       WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'paid'
       ON CONFLICT DO NOTHING`,
    )
    .bind(JSON.stringify(orderIds), new Date().toISOString(), JSON.stringify(data))
    .run();
}

/** The dead-letter queue's verdict: fulfillment kept failing, so a person must look at the order. */
export async function markFulfillmentFailed(db: D1Database, orderId: string): Promise<boolean> {
  // A message that ran out of retries after another delivery handed the order over: it is fine.
  if ((await awaitsHandOver(db, orderId)) === false) return false;
  return transitionOrder(db, orderId, ["paid"], "fulfillment_failed", {
    type: "fulfillment_failed",
    once: "fulfillment_failed",
  });
}
