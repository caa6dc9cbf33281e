import { describe, expect, it } from "vitest";
import type { StoredOrder } from "../src/orders/read";
import { renderOrderEmail } from "../workers/emails/order-email";
import { stockOf } from "./checkout-helpers";
import { outboxOf } from "./email-helpers";
import { adminCall, call } from "./helpers";
import { deliverFulfillment } from "./process-harness";
import { paidOrder, sendEvent } from "./stripe-event-helpers";

interface LedgerItem {
  amount: { amount: number };
  source: string;
  providerRefundId: string | null;
}

const fetchRefund = (orderId: string, key: string, body: unknown) =>
  call("POST", `/api/v1/admin/orders/${orderId}/refunds`, {
    token: "test-admin-token",
    body,
    headers: { "idempotency-key": key },
  });

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

const ledgerOf = async (orderId: string) =>
  (
    (await (await adminCall("GET", `/api/v1/admin/orders/${orderId}/refunds`)).json()) as {
      items: LedgerItem[];
    }
  ).items;

const adminOrder = async (orderId: string) =>
  (await (await adminCall("GET", `/api/v1/admin/orders/${orderId}`)).json()) as StoredOrder;

/** The text the shopper gets for the order's email of `kind` (the last one of that kind). */
async function emailText(orderId: string, kind: "order_refunded" | "order_cancelled") {
  const rows = (await outboxOf(orderId)).filter((r) => r.kind === kind);
  const row = rows.at(-1);
  if (!row) throw new Error(`no ${kind} email`);
  const order = await adminOrder(orderId);
  return (
    await renderOrderEmail(kind, order, {
      storeName: "Shop",
      ref: (row as { ref?: string }).ref ?? "",
    })
  ).text;
}

describe("refunds made in Stripe's dashboard", () => {
  it("records a partial one in the ledger once, tells the true amount, and the order still ships", async () => {
    const { order, paymentId } = await paidOrder(3000);
    const charge = { id: "ch_p", payment_intent: paymentId, amount_refunded: 1 };
    const first = await (await sendEvent("charge.refunded", charge)).res.json();
    expect(first).toMatchObject({ outcome: "1 refund recorded" });
    await sendEvent("charge.refunded", charge);
    expect(await ledgerOf(order.id)).toMatchObject([{ amount: { amount: 1 }, source: "provider" }]);
    const kinds = (await outboxOf(order.id)).map((r) => r.kind);
    expect(kinds.filter((k) => k === "order_refunded")).toHaveLength(1);
    expect(await emailText(order.id, "order_refunded")).toContain("We refunded $0.01 to the card");
    expect(await adminOrder(order.id)).toMatchObject({
      status: "paid",
      paymentStatus: "partially_refunded",
      refundedTotal: { amount: 1 },
    });
    await deliverFulfillment(order.id);
    // The admin's refund of the shipped order then gives back the rest, recorded in the ledger.
    expect((await adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`)).status).toBe(200);
    const ledger = await ledgerOf(order.id);
    expect(ledger.map((r) => r.amount.amount)).toEqual([1, order.total.amount - 1]);
    expect(ledger[1]?.providerRefundId).toMatch(/^re_test_/);
    expect(await adminOrder(order.id)).toMatchObject({
      status: "fulfilled",
      paymentStatus: "refunded",
      refundedTotal: { amount: order.total.amount },
    });
  });

  it("cancels a paid order refunded in full there: not shipped, restocked, and the shopper told", async () => {
    for (let trial = 0; trial < 3; trial++) {
      const { order, paymentId } = await paidOrder(1500);
      const sku = order.lines[0]?.sku ?? "";
      const total = order.total.amount;
      const charge = { id: "ch_f", payment_intent: paymentId, amount_refunded: total };
      const { res } = await sendEvent("charge.refunded", charge);
      expect(((await res.json()) as { outcome: string }).outcome).toMatch(/cancelled/);
      await deliverFulfillment(order.id);
      const after = await adminOrder(order.id);
      expect(after).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
      expect(after.events.some((e) => e.type === "fulfilled")).toBe(false);
      expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
      expect(await emailText(order.id, "order_cancelled")).toContain(
        `We refunded ${dollars(total)} to the card`,
      );
      expect((await ledgerOf(order.id)).reduce((n, r) => n + r.amount.amount, 0)).toBe(total);
    }
  });

  it("tells its own refunds from the dashboard's when Stripe lists them", async () => {
    const { order, paymentId } = await paidOrder(2000);
    await deliverFulfillment(order.id);
    const charge = {
      id: "ch_l",
      payment_intent: paymentId,
      amount_refunded: 700,
      refunds: {
        data: [
          { id: "re_shop", amount: 500, metadata: { shop_refund: `${order.id}:refund:x` } },
          { id: "re_dash", amount: 200, metadata: {} },
        ],
      },
    };
    await sendEvent("charge.refunded", charge);
    await sendEvent("charge.refunded", charge);
    expect(await ledgerOf(order.id)).toMatchObject([
      { amount: { amount: 200 }, source: "provider", providerRefundId: "re_dash" },
    ]);
  });
  it("cancels nothing for the shop's own refund echoed back, and admin keys never shadow Stripe's", async () => {
    const { order, paymentId } = await paidOrder(1500);
    const total = order.total.amount;
    const own = await adminCall("POST", `/api/v1/admin/orders/${order.id}/refunds`, undefined);
    expect(own.status).toBe(400);
    const goodwill = await fetchRefund(order.id, "provider:re_echo", {
      amount: { amount: total, currency: "USD" },
    });
    expect(goodwill.status).toBe(201);
    const charge = {
      id: "ch_e",
      payment_intent: paymentId,
      amount_refunded: total,
      refunds: {
        data: [
          { id: "re_echo", amount: total, status: "succeeded", metadata: { shop_refund: "x" } },
        ],
      },
    };
    await sendEvent("charge.refunded", charge);
    expect(await adminOrder(order.id)).toMatchObject({ status: "paid", paymentStatus: "refunded" });
    expect(await ledgerOf(order.id)).toHaveLength(1);
  });
});
