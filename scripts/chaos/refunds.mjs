/**
 * The chaos run's refunds: once the checkouts settled, every sold order gets three partial
 * refunds at once (each 40 % of its total, so at most two fit), and half of them a refund of
 * what is left too, while the server is SIGKILLed at a random moment; the refunds whose answer
 * died or said "send it again" are sent again with the same key after the restart. Then, through
 * the API only: no order refunded above what it captured, none left pending, and every order's
 * `refundedTotal` the sum of its ledger.
 */
import { call } from "./shop.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function sendRefund(baseUrl, adminToken, refund) {
  try {
    const res = await fetch(`${baseUrl}/api/v1/admin/orders/${refund.orderId}/refunds`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${adminToken}`,
        "content-type": "application/json",
        "idempotency-key": refund.key,
      },
      body: JSON.stringify(refund.body),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return "killed";
  }
}

/** Sends the refunds, kills the server once among them (`restart` starts it again), then resends. */
export async function refundThroughKill(baseUrl, adminToken, orders, restart) {
  const refunds = orders.flatMap((o, i) => [
    ...[1, 2, 3].map((n) => ({
      orderId: o.id,
      key: `chaos-refund-${o.id}-${n}`,
      body: { amount: { ...o.total, amount: Math.floor(o.total.amount * 0.4) }, reason: "chaos" },
    })),
    ...(i % 2 === 0
      ? [
          {
            orderId: o.id,
            key: `chaos-refund-${o.id}-rest`,
            body: { lines: o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) },
          },
        ]
      : []),
  ]);
  const answers = new Map();
  const sent = refunds.map(async (r) => {
    await sleep(Math.floor(Math.random() * 1_000));
    answers.set(r.key, await sendRefund(baseUrl, adminToken, r));
  });
  await sleep(200 + Math.floor(Math.random() * 800));
  await restart();
  await Promise.all(sent);
  for (const r of refunds) {
    const status = answers.get(r.key);
    if (status === "killed" || status === 503)
      answers.set(r.key, await sendRefund(baseUrl, adminToken, r));
  }
  const statuses = new Map();
  for (const s of answers.values()) statuses.set(s, (statuses.get(s) ?? 0) + 1);
  return [...statuses].map(([s, n]) => `${s}×${n}`).join(" ");
}

/** What the ledgers say: orders refunded above their capture, refunds pending, totals off. */
export async function checkRefunds(baseUrl, adminToken, orderIds) {
  let refundedAboveCaptured = 0;
  let refundsPending = 0;
  let refundedTotalWrong = 0;
  let refunded = 0;
  for (const id of orderIds) {
    const order = (await call(baseUrl, "GET", `/api/v1/admin/orders/${id}`, { token: adminToken }))
      .body;
    const ledger = (
      await call(baseUrl, "GET", `/api/v1/admin/orders/${id}/refunds`, { token: adminToken })
    ).body.items;
    const sum = ledger.reduce((n, r) => n + r.amount.amount, 0);
    const settled = ledger.filter((r) => r.status === "succeeded");
    if (sum > order.total.amount) refundedAboveCaptured += 1;
    refundsPending += ledger.length - settled.length;
    if (order.refundedTotal.amount !== settled.reduce((n, r) => n + r.amount.amount, 0)) {
      refundedTotalWrong += 1;
    }
    refunded += sum;
  }
  return { refundedAboveCaptured, refundsPending, refundedTotalWrong, refunded };
}
