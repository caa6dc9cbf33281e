import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { testPaymentLedger } from "../src/payments/test-provider";
import { finishPendingRefunds } from "../src/refunds/refund";
import { refundDeps } from "../workers/deps";
import { addToCart, checkout, checkoutBody, type OrderBody, stockedSku } from "./checkout-helpers";
import { callAndWait, emailOf, outboxOf } from "./email-helpers";
import { adminCall, createProduct, guest, problemOf, unique } from "./helpers";
import { setUpMarkets } from "./market-helpers";
import { deliverFulfillment } from "./process-harness";

interface RefundBody {
  id: string;
  amount: { amount: number; currency: string };
  toCard: { amount: number };
  status: string;
  source: string;
  lines: { sku: string; quantity: number }[];
}

type RefundedOrder = OrderBody & {
  refundedTotal: { amount: number };
  netTotal: { amount: number };
  paymentStatus: string;
};

const refund = (orderId: string, body: unknown, key: string | null = unique("refund-key")) =>
  callAndWait("POST", `/api/v1/admin/orders/${orderId}/refunds`, {
    token: "test-admin-token",
    body,
    headers: key === null ? {} : { "idempotency-key": key },
  });

const orderOf = async (id: string) =>
  (await (await adminCall("GET", `/api/v1/admin/orders/${id}`)).json()) as RefundedOrder;

const paymentOf = (orderId: string) =>
  [...testPaymentLedger.values()].find((p) => p.key === `${orderId}:authorize`);

const usd = (amount: number) => ({ amount, currency: "USD" });

/** A California address: 7.25 % sales tax added. */
const california = {
  name: "Grace Hopper",
  line1: "1 Infinite Loop",
  city: "Cupertino",
  region: "CA",
  postalCode: "95014",
  country: "US",
};

/** A paid order of two lines (2 × 10.00 and 3 × 5.99) to California, taxed, with shipping. */
async function taxedOrder() {
  const shopper = await guest();
  const a = await stockedSku(10, 1000);
  const b = await stockedSku(10, 599);
  await addToCart(shopper.token, a.sku, 2);
  await addToCart(shopper.token, b.sku, 3);
  const res = await checkout(shopper.token, { ...checkoutBody(), shippingAddress: california });
  expect(res.status, await res.clone().text()).toBe(201);
  return { order: (await res.json()) as OrderBody & { tax: { amount: number } }, a, b };
}

describe("partial refunds", () => {
  beforeAll(setUpMarkets);

  it("refunds by amount: the order shows refunded and net, the shopper is told the amount", async () => {
    const { order } = await taxedOrder();
    const res = await refund(order.id, { amount: usd(500), reason: "scratched box" });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as RefundBody;
    expect(body).toMatchObject({ amount: usd(500), status: "succeeded", source: "admin" });
    const after = await orderOf(order.id);
    expect(after.refundedTotal.amount).toBe(500);
    expect(after.netTotal.amount).toBe(order.total.amount - 500);
    expect(after.paymentStatus).toBe("partially_refunded");
    expect(after.status).toBe("paid");
    expect(paymentOf(order.id)?.refunded).toBe(500);
    const email = await emailOf(order.id, "order_refunded");
    expect(email.body).toContain("$5.00 to the card");
  });

  it("replays the same key, refuses it with another body, and needs a key", async () => {
    const { order } = await taxedOrder();
    const key = unique("refund-key");
    const first = (await (await refund(order.id, { amount: usd(300) }, key)).json()) as RefundBody;
    const again = await refund(order.id, { amount: usd(300) }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as RefundBody).id).toBe(first.id);
    const other = await refund(order.id, { amount: usd(301) }, key);
    expect(other.status).toBe(422);
    expect((await problemOf(other)).code).toBe("idempotency_key_reused");
    const none = await refund(order.id, { amount: usd(1) }, null);
    expect((await problemOf(none)).code).toBe("idempotency_key_missing");
    expect(paymentOf(order.id)?.refunded).toBe(300);
    expect((await orderOf(order.id)).refundedTotal.amount).toBe(300);
  });

  it("refuses more than was captured (409) and bad input (400), changing nothing", async () => {
    const { order } = await taxedOrder();
    const over = await refund(order.id, { amount: usd(order.total.amount + 1) });
    expect(over.status).toBe(409);
    expect((await problemOf(over)).code).toBe("refund_exceeds_captured");
    for (const bad of [
      {},
      { amount: usd(0) },
      { amount: { amount: 100, currency: "EUR" } },
      { lines: [{ sku: "nope", quantity: 1 }] },
      { lines: [{ sku: order.lines[0]?.sku, quantity: 3 }] },
    ]) {
      const res = await refund(order.id, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await problemOf(res)).code).toBe("validation_failed");
    }
    expect((await orderOf(order.id)).refundedTotal.amount).toBe(0);
    const missing = await refund("ord_doesnotexist", { amount: usd(1) });
    expect(missing.status).toBe(404);
  });

  it("refunds by lines, with their tax and share of shipping, adding up to the total exactly", async () => {
    const { order, a, b } = await taxedOrder();
    expect(order.tax.amount).toBeGreaterThan(0);
    const asks = [
      [{ sku: b.sku, quantity: 1 }],
      [{ sku: a.sku, quantity: 1 }],
      [{ sku: b.sku, quantity: 2 }],
      [{ sku: a.sku, quantity: 1 }],
    ];
    const amounts: number[] = [];
    for (const lines of asks) {
      const res = await refund(order.id, { lines });
      expect(res.status, await res.clone().text()).toBe(201);
      amounts.push(((await res.json()) as RefundBody).amount.amount);
    }
    expect(amounts.reduce((n, x) => n + x, 0)).toBe(order.total.amount);
    // A unit of 5.99 gives back more than its price: its tax and its share of the shipping.
    expect(amounts[0]).toBeGreaterThan(599);
    const after = await orderOf(order.id);
    expect(after.paymentStatus).toBe("refunded");
    expect(after.netTotal.amount).toBe(0);
    expect(paymentOf(order.id)).toMatchObject({ state: "refunded", refunded: order.total.amount });
    const more = await refund(order.id, { lines: [{ sku: a.sku, quantity: 1 }] });
    expect(more.status).toBe(400);
    const nothing = await refund(order.id, { amount: usd(1) });
    expect((await problemOf(nothing)).code).toBe("refund_exceeds_captured");
    const emails = (await outboxOf(order.id)).filter((e) => e.kind === "order_refunded");
    expect(emails).toHaveLength(4);
  });

  it("never refunds more than the capture when refunds race", async () => {
    const { order } = await taxedOrder();
    const each = Math.floor(order.total.amount / 3) + 1;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => refund(order.id, { amount: usd(each) })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(6);
    const ledger = (await (
      await adminCall("GET", `/api/v1/admin/orders/${order.id}/refunds`)
    ).json()) as { items: RefundBody[] };
    const sum = ledger.items.reduce((n, r) => n + r.amount.amount, 0);
    expect(sum).toBeLessThanOrEqual(order.total.amount);
    expect(paymentOf(order.id)?.refunded).toBe(sum);
  });

  it("races a refund by lines against a refund in full: the capture is refunded once", async () => {
    for (let trial = 0; trial < 3; trial++) {
      const { order, a } = await taxedOrder();
      await deliverFulfillment(order.id);
      const [byLines, full] = await Promise.all([
        refund(order.id, { lines: [{ sku: a.sku, quantity: 2 }] }),
        adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`),
      ]);
      expect([201, 409]).toContain(byLines.status);
      expect(full.status).toBe(200);
      expect(paymentOf(order.id)).toMatchObject({
        state: "refunded",
        refunded: order.total.amount,
      });
      expect((await orderOf(order.id)).refundedTotal.amount).toBe(order.total.amount);
    }
  });

  it("finishes a refund whose provider call failed: by the same key, or by the sweep", async () => {
    const { order } = await taxedOrder();
    const payment = paymentOf(order.id);
    if (!payment) throw new Error("no payment");
    payment.failRefunds = 2;
    const key = unique("refund-key");
    const failed = await refund(order.id, { amount: usd(700) }, key);
    expect(failed.status).toBe(503);
    expect((await problemOf(failed)).code).toBe("dependency_unavailable");
    const stuck = await orderOf(order.id);
    expect(stuck.refundedTotal.amount).toBe(0);
    // Written before the money moved: it counts against the capture already.
    const over = await refund(order.id, { amount: usd(order.total.amount - 699) });
    expect((await problemOf(over)).code).toBe("refund_exceeds_captured");
    // The sweep's try fails too (the provider is still down), then the key sent again finishes it.
    expect(await finishPendingRefunds(refundDeps(env), Date.now() + 120_000)).toEqual({
      settled: 0,
      failures: 1,
    });
    const again = await refund(order.id, { amount: usd(700) }, key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as RefundBody).status).toBe("succeeded");
    expect(paymentOf(order.id)?.refunded).toBe(700);
    expect((await orderOf(order.id)).refundedTotal.amount).toBe(700);

    payment.failRefunds = 1;
    const second = await refund(order.id, { amount: usd(100) });
    expect(second.status).toBe(503);
    expect(await finishPendingRefunds(refundDeps(env), Date.now() + 120_000)).toEqual({
      settled: 1,
      failures: 0,
    });
    expect(paymentOf(order.id)?.refunded).toBe(800);
    expect((await orderOf(order.id)).refundedTotal.amount).toBe(800);
  });

  it("refunds the rest in full after a partial refund, and the sales report counts the net", async () => {
    const { order } = await taxedOrder();
    await deliverFulfillment(order.id);
    const day = order.createdAt.slice(0, 10);
    const report = async () =>
      (await (
        await adminCall("GET", `/api/v1/admin/reports/sales?from=${day}&to=${day}&currency=USD`)
      ).json()) as { revenue: { amount: number }; refunds: { amount: number } };
    const before = await report();
    expect((await refund(order.id, { amount: usd(250) })).status).toBe(201);
    expect((await adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`)).status).toBe(200);
    expect(paymentOf(order.id)).toMatchObject({ state: "refunded", refunded: order.total.amount });
    const after = await orderOf(order.id);
    expect(after).toMatchObject({ status: "fulfilled", paymentStatus: "refunded" });
    const report2 = await report();
    expect(report2.refunds.amount - before.refunds.amount).toBe(order.total.amount);
    expect(report2.revenue.amount).toBeLessThan(before.revenue.amount);
  });
});

describe("a refund in full finished by the sweep", () => {
  it("marks the order's bought gift cards void in the directory too", async () => {
    const sku = unique("GIFT");
    await createProduct({
      category: unique("gifts").toLowerCase(),
      variants: [{ sku, title: "$25 card", price: usd(2500), stock: 10, giftCard: true }],
    });
    const shopper = await guest();
    await addToCart(shopper.token, sku, 1);
    const res = await checkout(shopper.token);
    expect(res.status).toBe(201);
    const order = (await res.json()) as OrderBody;
    await deliverFulfillment(order.id);
    const payment = paymentOf(order.id);
    if (!payment) throw new Error("no payment");
    payment.failRefunds = 1;
    const failed = await callAndWait("POST", `/api/v1/admin/orders/${order.id}/refund`, {
      token: "test-admin-token",
    });
    expect(failed.status).toBe(503);
    await finishPendingRefunds(refundDeps(env), Date.now() + 120_000);
    const cards = await env.DB.prepare("SELECT status FROM gift_cards WHERE order_id = ?")
      .bind(order.id)
      .all<{ status: string }>();
    expect(cards.results.map((c) => c.status)).toEqual(["void"]);
    expect((await orderOf(order.id)).paymentStatus).toBe("refunded");
  });
});
