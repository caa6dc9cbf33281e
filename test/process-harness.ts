import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { Fault } from "../durable-objects/process-faults";
import { testPaymentLedger } from "../src/payments/test-provider";
import worker from "../workers/index";
import {
  addToCart,
  cartStub,
  checkout,
  type OrderBody,
  stockedSku,
  stockOf,
} from "./checkout-helpers";
import { call, guest } from "./helpers";

/** Each way a step can stop: its dependency fails before or after the effect, or it crashes. */
export const FAULT_VARIANTS: Pick<Fault, "at" | "kind">[] = [
  { at: "before", kind: "error" },
  { at: "after", kind: "error" },
  { at: "before", kind: "crash" },
  { at: "after", kind: "crash" },
];

export const inject = (shopperId: string, fault: Fault) => cartStub(shopperId).injectFault(fault);

/** Delivers a fulfillment message the way the queue does. */
export async function deliverFulfillment(orderId: string) {
  const batch = createMessageBatch("fulfillment", [
    { id: `m-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body: { orderId } },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

/**
 * Lets time pass for one cart: every process is due now, then the alarm runs; again until every
 * process is done. Paid orders get their fulfillment delivered, as the queue would.
 */
export async function settleCart(shopperId: string): Promise<void> {
  for (let round = 0; round < 12; round++) {
    if ((await driveDueOnce(shopperId)) === 0) return;
    for (const order of await ordersOf(shopperId)) {
      if (order.status === "paid") await deliverFulfillment(order.id);
    }
  }
  throw new Error(`cart of ${shopperId} did not settle`);
}

/**
 * Makes every process of one cart due now and runs its alarm once (unless none is open);
 * answers how many processes were open.
 */
export async function driveDueOnce(shopperId: string): Promise<number> {
  const stub = cartStub(shopperId);
  const open = await runInDurableObject(stub, (_cart, state) => {
    const sql = state.storage.sql;
    sql.exec("UPDATE checkouts SET wake_at = ? WHERE wake_at IS NOT NULL", Date.now());
    sql.exec("UPDATE cancellations SET wake_at = ? WHERE wake_at IS NOT NULL", Date.now());
    return sql
      .exec<{ n: number }>(
        `SELECT (SELECT count(*) FROM checkouts WHERE state != 'done') +
                (SELECT count(*) FROM cancellations WHERE state != 'done') AS n`,
      )
      .one().n;
  });
  if (open > 0) await runDurableObjectAlarm(stub);
  return open;
}

/**
 * A paid order of two lines (2 + 1 units of fresh skus with 5 each) that nothing ships before a
 * cancel: its first send to the fulfillment queue fails, and the alarm sends again only later.
 */
export async function paidUnshippedOrder() {
  const shopper = await guest();
  const a = await stockedSku(5);
  const b = await stockedSku(5);
  await addToCart(shopper.token, a.sku, 2);
  await addToCart(shopper.token, b.sku, 1);
  await inject(shopper.shopper.id, { step: "checkout:fulfilling", at: "before", kind: "error" });
  const res = await checkout(shopper.token);
  expect(res.status).toBe(201);
  return { ...shopper, skus: [a.sku, b.sku], order: (await res.json()) as OrderBody };
}

export const cancelOrder = (s: { token: string; order: { id: string } }) =>
  call("POST", `/api/v1/orders/${s.order.id}/cancel`, { token: s.token });

export async function orderStatus(s: { token: string; order: { id: string } }) {
  const res = await call("GET", `/api/v1/orders/${s.order.id}`, { token: s.token });
  return ((await res.json()) as OrderBody).status;
}

/** The latest record of a process in a shopper's cart object, as stored. */
export function processRecord(shopperId: string, table: "checkouts" | "cancellations") {
  return runInDurableObject(cartStub(shopperId), (_cart, state) => {
    const row = state.storage.sql
      .exec<{ state: string; attempts: number; wake_at: number | null; failure: string | null }>(
        `SELECT state, attempts, wake_at, ${table === "checkouts" ? "failure" : "NULL AS failure"}
         FROM ${table} ORDER BY created_at DESC LIMIT 1`,
      )
      .one();
    const failure = row.failure
      ? (JSON.parse(row.failure) as { from: string; problem: { code: string } })
      : null;
    return { ...row, failure };
  });
}

export async function ordersOf(shopperId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, status FROM orders WHERE shopper_id = ? ORDER BY created_at",
  )
    .bind(shopperId)
    .all<{ id: string; status: string }>();
  return results;
}

/** The test provider's record of each order's payment. */
export function paymentsOf(orderIds: string[]) {
  return [...testPaymentLedger.values()].filter((a) =>
    orderIds.some((id) => a.key === `${id}:authorize`),
  );
}

const SOLD = ["paid", "fulfilled", "fulfillment_failed"];

/**
 * The invariants of money and stock once a cart has settled: every order final, at most one
 * capture and it is for a sold order, units sold = units in sold orders, nothing reserved, every
 * sold order fulfilled exactly once, and a paid cart is empty while an unpaid one is intact.
 */
export async function expectSettled(
  shopperId: string,
  token: string,
  stock: { sku: string; onHand: number; quantity: number }[],
) {
  const orders = await ordersOf(shopperId);
  for (const o of orders) expect(["fulfilled", "payment_failed", "cancelled"]).toContain(o.status);
  const sold = orders.filter((o) => SOLD.includes(o.status));
  expect(sold.length).toBeLessThanOrEqual(1);

  const payments = paymentsOf(orders.map((o) => o.id));
  const captured = payments.filter((p) => p.state === "captured");
  expect(captured).toHaveLength(sold.length);
  expect(payments.filter((p) => p.state === "authorized")).toEqual([]);

  for (const line of stock) {
    const level = await stockOf(line.sku);
    expect(level.reserved).toBe(0);
    expect(level.onHand).toBe(line.onHand - (sold.length === 1 ? line.quantity : 0));
  }
  for (const order of sold) {
    const full = (await (
      await call("GET", `/api/v1/orders/${order.id}`, { token })
    ).json()) as OrderBody;
    expect(full.events.filter((e) => e.type === "fulfilled")).toHaveLength(1);
    // What a gift card paid is not the card's to capture.
    expect(captured[0]?.amount).toBe(full.total.amount - (full.giftCard?.amount.amount ?? 0));
  }

  const cart = (await (await call("GET", "/api/v1/cart", { token })).json()) as {
    items: { sku: string; quantity: number }[];
  };
  if (sold.length === 1) expect(cart.items).toEqual([]);
  else {
    expect(cart.items.map((i) => [i.sku, i.quantity])).toEqual(
      stock.map((l) => [l.sku, l.quantity]),
    );
  }
  return { orders, sold };
}
