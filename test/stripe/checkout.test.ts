import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signatureHeader } from "../../src/signature";
import {
  addToCart,
  cartStub,
  checkout,
  checkoutBody,
  checkoutForm,
  type OrderBody,
  stockedSku,
  stockOf,
} from "../checkout-helpers";
import { adminCall, browser, call, guest, problemOf, unique } from "../helpers";
import { FAULT_VARIANTS, inject, ordersOf, settleCart } from "../process-harness";
import {
  authenticate,
  cardToken,
  DECLINED,
  forgetAtStripe,
  intentsOf,
  THREE_DS,
  VISA,
} from "./stripe-helpers";

/** A shopper with two units of a fresh sku (5 on hand) in the cart. */
async function shopperWithCart() {
  const shopper = await guest();
  const item = await stockedSku(5, 1200);
  await addToCart(shopper.token, item.sku, 2);
  return { ...shopper, sku: item.sku };
}

async function waitingCheckout() {
  const s = await shopperWithCart();
  const key = unique("key");
  const body = checkoutBody(await cardToken(THREE_DS));
  const res = await checkout(s.token, body, key);
  expect(res.status).toBe(402);
  const problem = (await res.json()) as { code: string; clientSecret: string };
  expect(problem.code).toBe("authentication_required");
  const [order] = await ordersOf(s.shopper.id);
  return { ...s, key, body, clientSecret: problem.clientSecret, orderId: order?.id ?? "" };
}

/** Once settled: the order paid with its one PaymentIntent captured, or failed with it cancelled. */
async function expectStripeSettled(orderId: string, sku: string, paid: boolean) {
  expect(await orderStatus(orderId)).toBe(paid ? "fulfilled" : "payment_failed");
  const intents = await intentsOf(orderId);
  expect(intents).toHaveLength(1);
  expect(intents[0]?.status).toBe(paid ? "succeeded" : "canceled");
  expect(await stockOf(sku)).toMatchObject({ onHand: paid ? 3 : 5, reserved: 0 });
}

async function orderStatus(orderId: string) {
  const res = await adminCall("GET", `/api/v1/admin/orders/${orderId}`);
  return ((await res.json()) as { status: string }).status;
}

describe("card payments with Stripe (a fake of its API)", () => {
  it("pays with a card that needs no authentication, and declines a declined one", async () => {
    const s = await shopperWithCart();
    const paid = await checkout(s.token, checkoutBody(await cardToken(VISA)));
    expect(paid.status).toBe(201);
    const order = (await paid.json()) as OrderBody;
    expect(order.status).toBe("paid");
    expect((await intentsOf(order.id)).map((i) => [i.status, i.amount])).toEqual([
      ["succeeded", order.total.amount],
    ]);

    const t = await shopperWithCart();
    const declined = await checkout(t.token, checkoutBody(await cardToken(DECLINED)));
    expect(declined.status).toBe(402);
    expect((await problemOf(declined)).code).toBe("payment_declined");
    expect(await stockOf(t.sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("waits for 3-D Secure with the cart locked, then the same key pays once", async () => {
    const w = await waitingCheckout();
    // Waiting: the stock is held, the order pending, the cart locked, nothing captured.
    expect(await stockOf(w.sku)).toMatchObject({ onHand: 5, reserved: 2 });
    expect(await orderStatus(w.orderId)).toBe("pending_payment");
    expect((await addToCart(w.token, w.sku, 1)).status).toBe(409);
    const other = await checkout(w.token, checkoutBody(await cardToken(VISA)), unique("key"));
    expect((await problemOf(other)).code).toBe("checkout_in_progress");
    expect((await intentsOf(w.orderId)).map((i) => i.status)).toEqual(["requires_action"]);
    // Asking again before authenticating answers the same challenge.
    const again = await checkout(w.token, w.body, w.key);
    expect(again.status).toBe(402);
    expect(((await again.json()) as { clientSecret: string }).clientSecret).toBe(w.clientSecret);

    await authenticate(w.clientSecret, "complete");
    const paid = await checkout(w.token, w.body, w.key);
    expect(paid.status).toBe(201);
    expect(((await paid.json()) as OrderBody).id).toBe(w.orderId);
    const replay = await checkout(w.token, w.body, w.key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    await settleCart(w.shopper.id);
    await expectStripeSettled(w.orderId, w.sku, true);
  });

  it("a failed authentication is a decline: the payment is cancelled, the stock back, the cart free", async () => {
    const w = await waitingCheckout();
    await authenticate(w.clientSecret, "fail");
    const declined = await checkout(w.token, w.body, w.key);
    expect(declined.status).toBe(402);
    expect((await problemOf(declined)).code).toBe("payment_declined");
    await settleCart(w.shopper.id);
    await expectStripeSettled(w.orderId, w.sku, false);
    const retry = await checkout(w.token, checkoutBody(await cardToken(VISA)), unique("key"));
    expect(retry.status).toBe(201);
  });

  it("a shopper who never authenticates is let go at the deadline, before the holds run out", async () => {
    const w = await waitingCheckout();
    // Eleven minutes later (the holds last ten): the alarm finds the deadline passed.
    await runInDurableObject(cartStub(w.shopper.id), (_cart, state) => {
      const past = new Date(Date.now() - 11 * 60_000).toISOString();
      state.storage.sql.exec(
        `UPDATE checkouts SET "order" = json_set("order", '$.createdAt', ?) WHERE id = ?`,
        past,
        w.orderId,
      );
    });
    await settleCart(w.shopper.id);
    await expectStripeSettled(w.orderId, w.sku, false);
    const answer = await checkout(w.token, w.body, w.key);
    expect((await problemOf(answer)).detail).toMatch(/not confirmed in time/);
  });

  it("the webhook of an authenticated payment finishes the checkout without the shopper", async () => {
    const w = await waitingCheckout();
    await authenticate(w.clientSecret, "complete");
    const [intent] = await intentsOf(w.orderId);
    const body = JSON.stringify({
      id: unique("evt"),
      type: "payment_intent.amount_capturable_updated",
      data: { object: { ...intent, status: "requires_capture" } },
    });
    const res = await call("POST", "/webhooks/stripe", {
      body,
      headers: {
        "content-type": "application/json",
        "stripe-signature": await signatureHeader("whsec_test_0123456789", body),
      },
    });
    expect(res.status).toBe(200);
    expect(await orderStatus(w.orderId)).toBe("paid");
    const replay = await checkout(w.token, w.body, w.key);
    expect(replay.status).toBe(201);
    await settleCart(w.shopper.id);
    await expectStripeSettled(w.orderId, w.sku, true);
  });

  describe("a checkout stopped while the shopper authenticates settles by itself", () => {
    for (const variant of FAULT_VARIANTS) {
      it(`${variant.kind} ${variant.at} authenticating`, async () => {
        const w = await waitingCheckout();
        await authenticate(w.clientSecret, "complete");
        expect(await inject(w.shopper.id, { step: "checkout:authenticating", ...variant })).toBe(
          true,
        );
        const first = await checkout(w.token, w.body, w.key);
        // The request finds the waiting checkout undriven and recovers it first (the fault
        // fires there), then drives it on with the shopper authenticated: paid.
        expect(first.status).toBe(201);
        await settleCart(w.shopper.id);
        const status = await orderStatus(w.orderId);
        // Stopped before the commit, a recovery may go either way, but never half: captured
        // exactly when the order is sold.
        await expectStripeSettled(w.orderId, w.sku, status === "fulfilled");
        const final = await checkout(w.token, w.body, w.key);
        expect(final.status).toBe(status === "fulfilled" ? 201 : 409);
      });
    }
  });
});

describe("undoing a checkout whose authorization was never recorded", () => {
  it("finds the PaymentIntent and cancels it", async () => {
    const s = await shopperWithCart();
    await inject(s.shopper.id, { step: "checkout:authorizing", at: "after", kind: "crash" });
    const key = unique("key");
    expect((await checkout(s.token, checkoutBody(await cardToken(VISA)), key)).status).toBe(503);
    const [order] = await ordersOf(s.shopper.id);
    await settleCart(s.shopper.id);
    await expectStripeSettled(order?.id ?? "", s.sku, false);
  });

  it("creates no new authorization when Stripe lost the first one", async () => {
    const s = await shopperWithCart();
    await inject(s.shopper.id, { step: "checkout:authorizing", at: "after", kind: "crash" });
    const key = unique("key");
    const body = checkoutBody(await cardToken(VISA));
    expect((await checkout(s.token, body, key)).status).toBe(503);
    const [order] = await ordersOf(s.shopper.id);
    const orderId = order?.id ?? "";
    expect(await intentsOf(orderId)).toHaveLength(1);
    await forgetAtStripe(orderId);
    await settleCart(s.shopper.id);
    // Undone without a hold on the card: nothing was asked of Stripe again.
    expect(await intentsOf(orderId)).toEqual([]);
    expect(await orderStatus(orderId)).toBe("payment_failed");
    expect(await stockOf(s.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    const replay = await checkout(s.token, body, key);
    expect((await problemOf(replay)).code).toBe("checkout_interrupted");
  });
});

describe("the checkout page with Stripe", () => {
  it("loads Stripe.js on the checkout page only, allowed by that page's CSP", async () => {
    const b = browser();
    const item = await stockedSku(5, 1000);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const page = await b.get("/checkout");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' http:\/\/stripe\.test/);
    expect(csp).toMatch(/frame-src 'self' http:\/\/stripe\.test/);
    expect(csp).toMatch(/connect-src 'self' http:\/\/stripe\.test/);
    const html = await page.text();
    expect(html).toContain('<script src="http://stripe.test/v3/" defer');
    expect(html).toMatch(/<script src="\/assets\/stripe-checkout\.[0-9a-f]{8}\.js" defer/);
    expect(html).toContain('data-stripe-key="pk_test_fake"');
    expect(html).toContain('data-amount="1500"');
    expect(html).not.toContain("tok_visa");
    const home = await b.get("/");
    expect(home.headers.get("content-security-policy")).not.toContain("stripe.test");
  });

  it("answers 3-D Secure with the challenge, then the same form pays the order", async () => {
    const b = browser();
    const item = await stockedSku(5, 1000);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const page = await (await b.get("/checkout")).text();
    const field = (html: string, name: string) =>
      new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
    const form = {
      ...checkoutForm,
      "payment.token": await cardToken(THREE_DS),
      idempotencyKey: field(page, "idempotencyKey"),
      expectedTotal: field(page, "expectedTotal"),
    };
    const challenge = await b.post("/checkout", form);
    expect(challenge.status).toBe(402);
    const html = await challenge.text();
    const secret = /data-client-secret="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(secret).toMatch(/^pi_.+_secret_/);
    // The page posts the very same request again after the challenge.
    expect(field(html, "idempotencyKey")).toBe(form.idempotencyKey);
    expect(field(html, "payment.token")).toBe(form["payment.token"]);
    expect(field(html, "expectedTotal")).toBe(form.expectedTotal);

    await authenticate(secret, "complete");
    const paid = await b.post("/checkout", form);
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toMatch(/^\/orders\/ord_/);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it("asks for the card when the page's script did not run", async () => {
    const b = browser();
    const item = await stockedSku(5, 1000);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const page = await (await b.get("/checkout")).text();
    const res = await b.post("/checkout", {
      ...checkoutForm,
      "payment.token": "",
      idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] ?? "",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Enter your card details.");
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });
});
