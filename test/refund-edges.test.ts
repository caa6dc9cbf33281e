import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { testPaymentLedger } from "../src/payments/test-provider";
import { boughtCardsOfOrder } from "../src/promotions/bought-cards";
import { giftCardKey } from "../src/promotions/gift-card-authority";
import { finishPendingRefunds } from "../src/refunds/refund";
import { signatureHeader } from "../src/signature";
import { refundDeps } from "../workers/deps";
import {
  addToCart,
  checkout,
  checkoutBody,
  type OrderBody,
  stockedSku,
  stockOf,
} from "./checkout-helpers";
import { callAndWait, emailOf } from "./email-helpers";
import { ADMIN_TOKEN, adminCall, call, createProduct, guest, problemOf, unique } from "./helpers";
import { deliverFulfillment } from "./process-harness";
import { paidOrder, postEvent, SECRET } from "./stripe-event-helpers";

interface LedgerItem {
  status: string;
  source: string;
  amount: { amount: number };
  asked: { amount: number } | null;
  failure: string | null;
}

const usd = (amount: number) => ({ amount, currency: "USD" });

const refund = (orderId: string, body: unknown, key = unique("refund-key")) =>
  callAndWait("POST", `/api/v1/admin/orders/${orderId}/refunds`, {
    token: ADMIN_TOKEN,
    body,
    headers: { "idempotency-key": key },
  });

const ledgerOf = async (orderId: string) =>
  (
    (await (await adminCall("GET", `/api/v1/admin/orders/${orderId}/refunds`)).json()) as {
      items: LedgerItem[];
    }
  ).items;

const adminOrder = async (id: string) =>
  (await (await adminCall("GET", `/api/v1/admin/orders/${id}`)).json()) as OrderBody & {
    refundedTotal: { amount: number };
    paymentStatus: string;
    events: { type: string }[];
  };

const paymentOf = (orderId: string) => {
  const payment = [...testPaymentLedger.values()].find((p) => p.key === `${orderId}:authorize`);
  if (!payment) throw new Error(`no payment for ${orderId}`);
  return payment;
};

/** A refund made in the provider's dashboard: the money leaves, the shop is not asked. */
function refundAtProvider(orderId: string, amount: number) {
  const payment = paymentOf(orderId);
  const refunds = payment.refunds ?? new Map<string, number>();
  refunds.set(unique("dashboard"), amount);
  payment.refunds = refunds;
  payment.refunded = [...refunds.values()].reduce((a, n) => a + n, 0);
}

/** Stripe's `charge.refunded` for the order, as one event it can send again (the same id). */
async function chargeRefunded(paymentId: string, amountRefunded: number) {
  const body = JSON.stringify({
    id: unique("evt"),
    object: "event",
    type: "charge.refunded",
    data: {
      object: { id: unique("ch"), payment_intent: paymentId, amount_refunded: amountRefunded },
    },
  });
  return async () => postEvent(body, await signatureHeader(SECRET, body));
}

describe("a refund the provider refuses for good", () => {
  it("fails in the ledger, so a dashboard refund made while it was pending is recorded and cancels the order", async () => {
    const { shopper, order, paymentId } = await paidOrder(3000);
    const total = order.total.amount;
    const sku = order.lines[0]?.sku ?? "";
    paymentOf(order.id).failRefunds = 1;
    const key = unique("refund-key");
    const stuck = await refund(order.id, { amount: usd(total) }, key);
    expect(stuck.status).toBe(503);
    // Meanwhile the merchant refunds all of it in Stripe's dashboard; its event does not fit yet.
    refundAtProvider(order.id, total);
    const event = await chargeRefunded(paymentId, total);
    expect((await event()).status).toBe(500);
    // The shop's own refund is then refused by the provider: failed, and its room freed.
    const refused = await refund(order.id, { amount: usd(total) }, key);
    expect(refused.status).toBe(409);
    expect(await problemOf(refused)).toMatchObject({ code: "refund_refused" });
    const replay = await refund(order.id, { amount: usd(total) }, key);
    expect((await problemOf(replay)).code).toBe("refund_refused");
    expect(await ledgerOf(order.id)).toMatchObject([
      { status: "failed", amount: { amount: 0 }, asked: { amount: total } },
    ]);
    // Stripe sends its event again: it fits now, and cancels the unshipped order.
    const again = await event();
    expect(((await again.json()) as { outcome: string }).outcome).toMatch(/cancelled/);
    await deliverFulfillment(order.id);
    const after = await adminOrder(order.id);
    expect(after).toMatchObject({
      status: "cancelled",
      paymentStatus: "refunded",
      refundedTotal: { amount: total },
    });
    expect(after.events.map((e) => e.type)).toContain("refund_failed");
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect((await ledgerOf(order.id)).map((r) => [r.source, r.status, r.amount.amount])).toEqual([
      ["admin", "failed", 0],
      ["provider", "succeeded", total],
      // The cancel's own refund in full found nothing left to give back.
      ["cancel", "succeeded", 0],
    ]);
    expect(paymentOf(order.id).refunded).toBe(total);
    // The shopper never sees the merchant's refusal in the order's history.
    const mine = (await (
      await call("GET", `/api/v1/orders/${order.id}`, { token: shopper.token })
    ).json()) as { events: { type: string }[] };
    expect(mine.events.map((e) => e.type)).not.toContain("refund_failed");
  });

  it("lets a cancel go on: restocked, the refusal in the history, the shopper told the refund comes separately", async () => {
    const { order, paymentId } = await paidOrder(2000);
    const total = order.total.amount;
    const sku = order.lines[0]?.sku ?? "";
    refundAtProvider(order.id, total);
    const res = await adminCall("POST", `/api/v1/admin/orders/${order.id}/cancel`);
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await adminOrder(order.id);
    expect(after).toMatchObject({ status: "cancelled", refundedTotal: { amount: 0 } });
    expect(after.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["cancelled", "refund_failed", "restocked"]),
    );
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect((await emailOf(order.id, "order_cancelled")).body).toContain(
      "could not be refunded here",
    );
    // Stripe's event of the dashboard's refund then records the money that did go back.
    expect((await (await chargeRefunded(paymentId, total))()).status).toBe(200);
    expect(await adminOrder(order.id)).toMatchObject({
      paymentStatus: "refunded",
      refundedTotal: { amount: total },
    });
  });
});

describe("what a partial refund may not give back", () => {
  it("keeps back the price of gift cards bought that are still good", async () => {
    const card = unique("GIFT");
    await createProduct({
      category: unique("gifts").toLowerCase(),
      variants: [{ sku: card, title: "$25 card", price: usd(2500), stock: 10, giftCard: true }],
    });
    const tee = await stockedSku(5, 3000);
    const shopper = await guest();
    await addToCart(shopper.token, card, 1);
    await addToCart(shopper.token, tee.sku, 1);
    const res = await checkout(shopper.token);
    expect(res.status).toBe(201);
    const order = (await res.json()) as OrderBody;
    const total = order.total.amount;
    const all = await refund(order.id, { amount: usd(total) });
    expect(all.status).toBe(409);
    expect((await problemOf(all)).code).toBe("refund_exceeds_captured");
    // Racing refunds of what is left cannot together pass it either.
    const racing = await Promise.all(
      [1, 2].map(() => refund(order.id, { amount: usd(total - 2500) })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(paymentOf(order.id).refunded).toBe(total - 2500);
    // The refund in full voids the card and gives back its price too.
    await deliverFulfillment(order.id);
    const full = await adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`);
    expect(full.status, await full.clone().text()).toBe(200);
    expect(paymentOf(order.id).refunded).toBe(total);
  });

  it("never gives back what a refund in full kept for a spent gift card bought", async () => {
    const card = unique("GIFT");
    await createProduct({
      category: unique("gifts").toLowerCase(),
      variants: [{ sku: card, title: "$25 card", price: usd(2500), stock: 10, giftCard: true }],
    });
    const buyer = await guest();
    await addToCart(buyer.token, card, 1);
    const bought = (await (await checkout(buyer.token)).json()) as OrderBody;
    await deliverFulfillment(bought.id);
    const [{ code } = { code: "" }] = await boughtCardsOfOrder(env.DB, env.JWT_SECRET, {
      ...bought,
      currency: bought.total.currency,
    });
    // 10.00 of it is spent on another order.
    const spender = await guest();
    const other = await stockedSku(5, 1000);
    await addToCart(spender.token, other.sku, 1);
    const spent = await checkout(spender.token, { ...checkoutBody(), giftCard: code });
    expect(spent.status, await spent.clone().text()).toBe(201);
    const cardState = await env.GIFT_CARDS.get(
      env.GIFT_CARDS.idFromName(await giftCardKey(code)),
    ).state();
    const used = 2500 - (cardState?.balance ?? 2500);
    expect(used).toBeGreaterThan(0);
    const full = await adminCall("POST", `/api/v1/admin/orders/${bought.id}/refund`);
    expect(full.status).toBe(200);
    expect(paymentOf(bought.id).refunded).toBe(bought.total.amount - used);
    const more = await refund(bought.id, { amount: usd(1) });
    expect(more.status).toBe(409);
    expect((await problemOf(more)).code).toBe("refund_exceeds_captured");
    expect(paymentOf(bought.id).refunded).toBe(bought.total.amount - used);
  });
});

describe("refunds made before the ledger", () => {
  it("are written into it by migration 0020, with the order's refunded total", async () => {
    const { order } = await paidOrder(2000);
    const total = order.total.amount;
    await deliverFulfillment(order.id);
    // As the code before the ledger recorded a refund in full: only its `refunded` event.
    await env.DB.prepare(
      "INSERT INTO order_events (order_id, type, at, data, once) VALUES (?, 'refunded', ?, ?, 'refunded')",
    )
      .bind(
        order.id,
        "2026-11-01T00:00:00.000Z",
        JSON.stringify({ refundId: `re_${order.id}`, refunded: total }),
      )
      .run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0020"));
    const backfill = (migration?.queries ?? []).filter((q) => /legacy/.test(q));
    expect(backfill).toHaveLength(2);
    for (const q of backfill) await env.DB.prepare(q).run();
    // Run again, it adds nothing.
    for (const q of backfill) await env.DB.prepare(q).run();
    expect(await ledgerOf(order.id)).toMatchObject([
      { source: "admin", status: "succeeded", amount: { amount: total } },
    ]);
    expect(await adminOrder(order.id)).toMatchObject({
      paymentStatus: "refunded",
      refundedTotal: { amount: total },
    });
    const more = await refund(order.id, { amount: usd(1) });
    expect((await problemOf(more)).code).toBe("refund_exceeds_captured");
  });
});

describe("a Stripe report of a charge's total while a refund of the shop's is pending", () => {
  it("is refused until the pending refund settles, then records nothing twice", async () => {
    const { order, paymentId } = await paidOrder(3000);
    paymentOf(order.id).failRefunds = 1;
    const stuck = await refund(order.id, { amount: usd(1000) });
    expect(stuck.status).toBe(503);
    // Stripe did refund it (the answer was lost): its charge says 10.00 refunded, with no list.
    refundAtProvider(order.id, 1000);
    const event = await chargeRefunded(paymentId, 1000);
    expect((await event()).status).toBe(500);
    await finishPendingRefunds(refundDeps(env), Date.now() + 120_000);
    expect((await event()).status).toBe(200);
    expect((await ledgerOf(order.id)).map((r) => [r.source, r.status, r.amount.amount])).toEqual([
      ["admin", "succeeded", 1000],
    ]);
    expect((await adminOrder(order.id)).refundedTotal.amount).toBe(1000);
  });
});

describe("a refund in full of an order that bought gift cards, refused by the provider", () => {
  it("leaves the voided cards void in the directory too, so their price can still be refunded", async () => {
    const card = unique("GIFT");
    await createProduct({
      category: unique("gifts").toLowerCase(),
      variants: [{ sku: card, title: "$25 card", price: usd(2500), stock: 10, giftCard: true }],
    });
    const shopper = await guest();
    await addToCart(shopper.token, card, 1);
    const order = (await (await checkout(shopper.token)).json()) as OrderBody;
    await deliverFulfillment(order.id);
    refundAtProvider(order.id, 1);
    const full = await adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`);
    expect(full.status).toBe(409);
    expect((await problemOf(full)).code).toBe("refund_refused");
    const cards = await env.DB.prepare("SELECT status FROM gift_cards WHERE order_id = ?")
      .bind(order.id)
      .all<{ status: string }>();
    expect(cards.results.map((c) => c.status)).toEqual(["void"]);
    const rest = await refund(order.id, { amount: usd(order.total.amount - 1) });
    expect(rest.status, await rest.clone().text()).toBe(201);
  });
});
