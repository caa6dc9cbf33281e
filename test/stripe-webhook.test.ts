import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signatureHeader } from "../src/signature";
import {
  addToCart,
  checkout,
  checkoutBody,
  type OrderBody,
  stockedSku,
  stockOf,
} from "./checkout-helpers";
import { adminCall, guest, problemOf, unique } from "./helpers";
import { inject, ordersOf } from "./process-harness";
import { paidOrder, postEvent, SECRET, sendEvent } from "./stripe-event-helpers";

const eventsOf = async (orderId: string) =>
  ((await (await adminCall("GET", `/api/v1/admin/orders/${orderId}`)).json()) as OrderBody).events;

describe("Stripe webhooks", () => {
  it("refuses a missing, wrong or stale signature with 400 and changes nothing", async () => {
    const { order, paymentId } = await paidOrder();
    const object = { id: "dp_1", payment_intent: paymentId, reason: "fraudulent" };
    const body = JSON.stringify({
      id: unique("evt"),
      type: "charge.dispute.created",
      data: { object },
    });
    const wrongSecret = await signatureHeader("whsec_other", body);
    const stale = await signatureHeader(SECRET, body, Math.floor(Date.now() / 1000) - 600);
    const signed = await signatureHeader(SECRET, body);
    const tampered = signed.replace(/.$/, (last) => (last === "0" ? "1" : "0"));
    for (const signature of [null, "t=1,v1=", wrongSecret, stale, tampered]) {
      const res = await postEvent(body, signature);
      expect(res.status).toBe(400);
      expect((await problemOf(res)).code).toBe("invalid_signature");
    }
    expect((await eventsOf(order.id)).map((e) => e.type)).not.toContain("disputed");
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM stripe_events WHERE order_id = ?",
    )
      .bind(order.id)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("applies each event once: a dispute is recorded on the order, a redelivery changes nothing", async () => {
    const { order, paymentId } = await paidOrder();
    const object = { id: "dp_42", payment_intent: paymentId, reason: "fraudulent" };
    const { event, body, res } = await sendEvent("charge.dispute.created", object);
    expect(await res.json()).toEqual({ received: true, duplicate: false, outcome: "disputed" });
    const again = await postEvent(body, await signatureHeader(SECRET, body));
    expect(await again.json()).toEqual({ received: true, duplicate: true, outcome: "disputed" });
    const disputed = (await eventsOf(order.id)).filter((e) => e.type === "disputed");
    expect(disputed).toEqual([
      expect.objectContaining({ type: "disputed", disputeId: "dp_42", reason: "fraudulent" }),
    ]);
    // Another event about the same dispute (a new id) still records it once.
    await sendEvent("charge.dispute.created", object);
    expect((await eventsOf(order.id)).filter((e) => e.type === "disputed")).toHaveLength(1);
    // A second dispute of the same payment is an event of its own.
    const second = { id: "dp_43", payment_intent: paymentId, reason: "product_not_received" };
    expect(await (await sendEvent("charge.dispute.created", second)).res.json()).toMatchObject({
      outcome: "disputed",
    });
    expect((await eventsOf(order.id)).filter((e) => e.type === "disputed")).toEqual([
      expect.objectContaining({ disputeId: "dp_42", reason: "fraudulent" }),
      expect.objectContaining({ disputeId: "dp_43", reason: "product_not_received" }),
    ]);
    const row = await env.DB.prepare("SELECT type, order_id FROM stripe_events WHERE id = ?")
      .bind(event.id)
      .first();
    expect(row).toEqual({ type: "charge.dispute.created", order_id: order.id });
  });

  it("settles a checkout that stopped after the capture when Stripe says the payment succeeded", async () => {
    const shopper = await guest();
    const item = await stockedSku(5);
    await addToCart(shopper.token, item.sku, 2);
    await inject(shopper.shopper.id, { step: "checkout:capturing", at: "after", kind: "crash" });
    await checkout(shopper.token, checkoutBody(), unique("key"));
    const [stuck] = await ordersOf(shopper.shopper.id);
    expect(stuck?.status).toBe("pending_payment");

    const { res } = await sendEvent("payment_intent.succeeded", {
      id: "pi_unknown_to_the_shop",
      metadata: { order_id: stuck?.id },
    });
    expect(((await res.json()) as { outcome: string }).outcome).toMatch(/^settled/);
    const [settled] = await ordersOf(shopper.shopper.id);
    expect(settled?.status).toBe("paid");
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it("answers 200 and does nothing for an event about no order of this shop", async () => {
    const { res } = await sendEvent("payment_intent.succeeded", { id: "pi_elsewhere" });
    expect(await res.json()).toEqual({ received: true, duplicate: false, outcome: "no order" });
  });
});
