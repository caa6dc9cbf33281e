/**
 * The chaos run's returns: every other sold order's shopper asks to return one unit of its
 * first line, and the merchant approves and receives it back into stock, while the refunds race
 * and the server is killed (`refunds.mjs`). A step whose answer died, or said "send it again",
 * is sent again with the same key until it answers. Then, through the API: every return
 * received, and each sku's stock on hand up by exactly the units received back.
 */
import { call } from "./shop.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const STEP_TRIES = 60;

/** Sends one step until it is answered by a running server with anything but a 5xx. */
async function step(baseUrl, method, path, options) {
  for (let i = 0; i < STEP_TRIES; i++) {
    const res = await call(baseUrl, method, path, options).catch(() => null);
    if (res && res.status < 500) return res;
    await sleep(500);
  }
  return { status: "gave up", body: null };
}

/** The returns to make: one unit of each other order's first line, asked by its shopper. */
export function plannedReturns(sold, shoppers) {
  const tokens = new Map(shoppers.map((s) => [s.id, s.token]));
  return sold
    .filter((o, i) => i % 2 === 1 && tokens.has(o.shopperId) && o.lines.length > 0)
    .map((o) => ({
      orderId: o.id,
      token: tokens.get(o.shopperId),
      sku: o.lines[0].sku,
      key: `chaos-return-${o.id}`,
    }));
}

/** What is on hand of each sku the returns send back, before they do. */
export async function onHandOf(baseUrl, adminToken, returns) {
  const onHand = new Map();
  for (const sku of new Set(returns.map((r) => r.sku))) {
    const level = await call(baseUrl, "GET", `/api/v1/admin/inventory/${sku}`, {
      token: adminToken,
    });
    onHand.set(sku, level.body.onHand);
  }
  return onHand;
}

/** Runs every return's three steps, each order's in turn, all orders at once. */
export async function returnThroughKill(baseUrl, adminToken, returns) {
  const answers = await Promise.all(
    returns.map(async (r) => {
      await sleep(Math.floor(Math.random() * 1_000));
      const asked = await step(baseUrl, "POST", `/api/v1/orders/${r.orderId}/returns`, {
        token: r.token,
        body: { lines: [{ sku: r.sku, quantity: 1 }], reason: "chaos" },
        headers: { "idempotency-key": r.key },
      });
      if (asked.status !== 201) return `ask ${asked.status}`;
      const id = asked.body.id;
      const admin = { token: adminToken };
      const approved = await step(baseUrl, "POST", `/api/v1/admin/returns/${id}/approve`, {
        ...admin,
        body: {},
      });
      if (approved.status !== 200) return `approve ${approved.status}`;
      const received = await step(baseUrl, "POST", `/api/v1/admin/returns/${id}/receive`, {
        ...admin,
        body: { restock: true },
      });
      return received.status === 200 ? "received" : `receive ${received.status}`;
    }),
  );
  const counts = new Map();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts].map(([a, n]) => `${a}×${n}`).join(" ");
}

/** Returns not received, and skus whose stock on hand did not grow by the units received back. */
export async function checkReturns(baseUrl, adminToken, returns, onHandBefore) {
  let returnsStuck = 0;
  const back = new Map();
  for (const r of returns) {
    const list = await call(baseUrl, "GET", `/api/v1/admin/orders/${r.orderId}/returns`, {
      token: adminToken,
    });
    const received = list.body.items.filter((x) => x.status === "received");
    if (received.length !== 1 || list.body.items.length !== 1) returnsStuck += 1;
    for (const x of received) {
      for (const l of x.lines) back.set(l.sku, (back.get(l.sku) ?? 0) + l.quantity);
    }
  }
  const after = await onHandOf(baseUrl, adminToken, returns);
  let restockWrong = 0;
  for (const [sku, before] of onHandBefore) {
    if (after.get(sku) !== before + (back.get(sku) ?? 0)) restockWrong += 1;
  }
  return { returnsStuck, restockWrong };
}
