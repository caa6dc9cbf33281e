import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { rememberSoldOut } from "../src/catalog/availability";
import type { CheckoutDeps } from "../src/checkout/moves";
import { CHECKOUT } from "../src/checkout/process";
import type { CheckoutRecord } from "../src/checkout/record";
import { inventoryStub } from "../src/inventory";
import worker from "../workers/index";
import { processResponse } from "../workers/process-reply";
import {
  addToCart,
  cartStub,
  checkout,
  checkoutBody,
  type OrderBody,
  stockedSku,
  stockOf,
} from "./checkout-helpers";
import { adminCall, call, guest, HERE, problemOf, unique } from "./helpers";

async function runFulfillment(
  orderId: string,
  queue = "fulfillment",
  attempts = 1,
  runEnv: Env = env,
) {
  const batch = createMessageBatch(queue, [
    { id: `msg-${orderId}-${attempts}`, timestamp: new Date(), attempts, body: { orderId } },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, runEnv);
  return getQueueResult(batch, ctx);
}

describe("checkout", () => {
  it("takes a cart to a paid order, empties the cart, sells the stock, then fulfills it", async () => {
    const { token } = await guest();
    const a = await stockedSku(10, 1200);
    const b = await stockedSku(5, 800);
    await addToCart(token, a.sku, 2);
    await addToCart(token, b.sku, 1);

    const res = await checkout(token);
    expect(res.status).toBe(201);
    const order = (await res.json()) as OrderBody;
    expect(order).toMatchObject({
      id: expect.stringMatching(/^ord_/),
      status: "paid",
      email: "ada@example.com",
      lines: [
        { sku: a.sku, unitPrice: { amount: 1200 }, quantity: 2, lineTotal: { amount: 2400 } },
        { sku: b.sku, unitPrice: { amount: 800 }, quantity: 1, lineTotal: { amount: 800 } },
      ],
      subtotal: { amount: 3200, currency: "USD" },
      shipping: { amount: 500, currency: "USD" },
      total: { amount: 3700, currency: "USD" },
    });
    expect(order.events.map((e) => e.type)).toEqual(["created", "paid"]);
    expect(
      (await (await call("GET", "/api/v1/cart", { token })).json()) as { items: unknown[] },
    ).toMatchObject({
      items: [],
    });
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
    expect(await stockOf(b.sku)).toMatchObject({ onHand: 4, reserved: 0 });

    const result = await runFulfillment(order.id);
    expect(result.explicitAcks).toHaveLength(1);
    const fulfilled = (await (
      await call("GET", `/api/v1/orders/${order.id}`, { token })
    ).json()) as OrderBody;
    expect(fulfilled.status).toBe("fulfilled");
    const shipped = fulfilled.events.filter((e) => e.type === "fulfilled");
    expect(shipped).toHaveLength(1);
    expect(shipped[0]?.trackingNumber).toMatch(/^SIM-\d{8}[A-Z0-9]{4}$/);
    const emails = await env.DB.prepare(
      "SELECT recipient, kind FROM outbox WHERE order_id = ? ORDER BY id",
    )
      .bind(order.id)
      .all();
    expect(emails.results).toEqual([
      { recipient: "ada@example.com", kind: "order_confirmed" },
      { recipient: "ada@example.com", kind: "order_shipped" },
    ]);
  });

  it("ships free from the free-shipping threshold", async () => {
    const { token } = await guest();
    const item = await stockedSku(10, 2500);
    await addToCart(token, item.sku, 2);
    const order = (await (await checkout(token)).json()) as OrderBody;
    expect(order.shipping.amount).toBe(0);
    expect(order.total.amount).toBe(5000);
  });

  it("reprices from the catalog at checkout, never from the cart", async () => {
    const { token } = await guest();
    const item = await stockedSku(10, 1000);
    await addToCart(token, item.sku, 1);
    await adminCall("PATCH", `/api/v1/admin/products/${item.slug}`, {
      variants: [{ sku: item.sku, price: { amount: 1337, currency: "USD" } }],
    });
    const order = (await (await checkout(token)).json()) as OrderBody;
    expect(order.subtotal.amount).toBe(1337);
  });

  it("answers a declined card with 402, keeps the cart and gives all stock back", async () => {
    const { token } = await guest();
    const item = await stockedSku(4);
    await addToCart(token, item.sku, 3);
    const res = await checkout(token, checkoutBody("tok_decline"));
    expect(res.status).toBe(402);
    expect((await problemOf(res)).code).toBe("payment_declined");
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    const cart = (await (await call("GET", "/api/v1/cart", { token })).json()) as {
      itemCount: number;
    };
    expect(cart.itemCount).toBe(3);
    const failed = (await (
      await adminCall("GET", "/api/v1/admin/orders?status=payment_failed&limit=100")
    ).json()) as {
      items: (OrderBody & { shopperId: string })[];
    };
    expect(failed.items.some((o) => o.lines[0]?.sku === item.sku)).toBe(true);
  });

  it("answers 409 price_changed, charging nothing, when the total differs from the one shown", async () => {
    const { token } = await guest();
    const item = await stockedSku(5, 1000);
    await addToCart(token, item.sku, 2);
    await adminCall("PATCH", `/api/v1/admin/products/${item.slug}`, {
      variants: [{ sku: item.sku, price: { amount: 1100, currency: "USD" } }],
    });
    const shown = { amount: 2500, currency: "USD" };
    const changed = await checkout(token, { ...checkoutBody(), expectedTotal: shown });
    expect(changed.status).toBe(409);
    const problem = await problemOf(changed);
    expect(problem.code).toBe("price_changed");
    expect(problem.errors).toEqual([{ path: `items.${item.sku}`, message: "now $11.00 each" }]);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    const agreed = await checkout(token, {
      ...checkoutBody(),
      expectedTotal: { amount: 2700, currency: "USD" },
    });
    expect(agreed.status).toBe(201);
    expect(((await agreed.json()) as OrderBody).total.amount).toBe(2700);
  });

  it("answers 409 cart_empty for an empty cart", async () => {
    const { token } = await guest();
    const res = await checkout(token);
    expect(res.status).toBe(409);
    expect((await problemOf(res)).code).toBe("cart_empty");
  });

  it("lists every short line and leaves nothing reserved", async () => {
    const { token } = await guest();
    const fine = await stockedSku(10);
    const shortA = await stockedSku(5);
    const shortB = await stockedSku(5);
    await addToCart(token, fine.sku, 2);
    await addToCart(token, shortA.sku, 4);
    await addToCart(token, shortB.sku, 5);
    await adminCall("PUT", `/api/v1/admin/inventory/${shortA.sku}`, { onHand: 1 });
    await adminCall("PUT", `/api/v1/admin/inventory/${shortB.sku}`, { onHand: 0 });

    const res = await checkout(token);
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.code).toBe("insufficient_stock");
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: `items.${shortA.sku}`, message: "only 1 available" },
        { path: `items.${shortB.sku}`, message: "only 0 available" },
      ]),
    );
    expect(problem.errors).toHaveLength(2);
    for (const sku of [fine.sku, shortA.sku, shortB.sku]) {
      expect((await stockOf(sku)).reserved, sku).toBe(0);
    }
    expect(await stockOf(fine.sku)).toMatchObject({ onHand: 10, available: 10 });
  });

  it("validates the body, the payment token and the Idempotency-Key", async () => {
    const { token } = await guest();
    const item = await stockedSku(5);
    await addToCart(token, item.sku, 1);
    const missing = await checkout(token, checkoutBody(), null);
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).code).toBe("idempotency_key_missing");
    const shortKey = await checkout(token, checkoutBody(), "short");
    expect((await problemOf(shortKey)).code).toBe("validation_failed");
    const badToken = await checkout(token, checkoutBody("tok_mastercard"));
    expect(badToken.status).toBe(400);
    expect((await problemOf(badToken)).errors?.[0]?.path).toBe("payment.token");
    const badBody = await checkout(token, {
      email: "nope",
      shippingAddress: { name: "A", country: "gb" },
      payment: { token: "tok_visa" },
      total: 1,
    });
    expect(badBody.status).toBe(400);
    expect((await problemOf(badBody)).errors?.map((e) => e.path).sort()).toEqual([
      "(body)",
      "email",
      "shippingAddress.city",
      "shippingAddress.country",
      "shippingAddress.line1",
      "shippingAddress.postalCode",
    ]);
    expect((await checkout(null as unknown as string)).status).toBe(401);
    expect(await stockOf(item.sku)).toMatchObject({ reserved: 0, onHand: 5 });
  });
});

describe("flash sale", () => {
  it("sells exactly the last 10 units to 50 shoppers checking out at once", async () => {
    const item = await stockedSku(10);
    const shoppers = await Promise.all(Array.from({ length: 50 }, () => guest()));
    for (const s of shoppers) expect((await addToCart(s.token, item.sku, 1)).status).toBe(200);

    const responses = await Promise.all(shoppers.map((s) => checkout(s.token)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect((await problemOf(r)).code).toBe("insufficient_stock");
    }
    expect(await stockOf(item.sku)).toEqual({
      sku: item.sku,
      onHand: 0,
      reserved: 0,
      available: 0,
    });
    const paid = await env.DB.prepare(
      "SELECT count(*) AS n FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.sku = ? AND o.status IN ('paid', 'fulfilled')",
    )
      .bind(item.sku)
      .first<{ n: number }>();
    expect(paid?.n).toBe(10);
  }, 20_000);

  it("refuses a sku a hold just found sold out without asking its stock object again", async () => {
    const item = await stockedSku(1);
    const [winner, first, second] = await Promise.all([guest(), guest(), guest()]);
    for (const s of [winner, first, second]) await addToCart(s.token, item.sku, 1);
    expect((await checkout(winner.token)).status).toBe(201);
    const holdsAsked = () =>
      runInDurableObject(inventoryStub(env.INVENTORY, item.sku), (_object, state) => {
        const { n } = state.storage.sql
          .exec<{ n: number }>(
            "SELECT (SELECT count(*) FROM holds) + (SELECT count(*) FROM hold_tombstones) AS n",
          )
          .one();
        return n;
      });

    // The first loser asks the stock object, which answers "0 available"...
    const refused = await checkout(first.token);
    expect(refused.status).toBe(409);
    const asked = await holdsAsked();
    // ...the next one is refused the same way without reaching it, and its key keeps the answer.
    const key = unique("key");
    const again = await checkout(second.token, checkoutBody(), key);
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({
      code: "insufficient_stock",
      errors: [{ path: `items.${item.sku}`, message: "only 0 available" }],
    });
    expect(await holdsAsked()).toBe(asked);
    const replay = await checkout(second.token, checkoutBody(), key);
    expect(replay.status).toBe(409);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");

    // A restock through the admin API is seen at once: the sku sells again.
    const restock = await adminCall("POST", `/api/v1/admin/inventory/${item.sku}/adjustments`, {
      delta: 1,
    });
    expect(restock.status).toBe(200);
    expect((await checkout(second.token, checkoutBody(), unique("after-restock"))).status).toBe(
      201,
    );
  });
});

describe("the holds step", () => {
  it("refuses a sku found sold out while the checkout was priced, asking no stock object", async () => {
    const sku = unique("SKU");
    const order = {
      id: "ord_soldoutwhilepriced0",
      shopperId: "shp_test",
      email: "a@example.com",
      shippingAddress: checkoutBody().shippingAddress,
      currency: "USD",
      subtotal: 1000,
      shipping: 0,
      total: 1000,
      lines: [
        {
          sku,
          title: "T",
          variantTitle: "V",
          unitPrice: 1000,
          quantity: 1,
          lineTotal: 1000,
          shard: 0,
        },
      ],
      createdAt: new Date().toISOString(),
    };
    const deps = {
      stock: () => {
        throw new Error("a stock object was asked");
      },
      rules: { holdTtlMs: 60_000 },
    } as unknown as CheckoutDeps;
    const record = {
      id: order.id,
      state: "holding",
      order,
      request: {},
    } as unknown as CheckoutRecord;
    rememberSoldOut(sku);
    const result = await CHECKOUT.steps.holding.run(deps, record);
    expect(result.patch).toMatchObject({
      state: "done",
      outcome: {
        kind: "refused",
        problem: {
          code: "insufficient_stock",
          errors: [{ path: `items.${sku}`, message: "only 0 available" }],
        },
      },
    });
  });
});

describe("idempotency", () => {
  it("replays the first answer for the same key and body, creating nothing new", async () => {
    const { token } = await guest();
    const item = await stockedSku(5);
    await addToCart(token, item.sku, 1);
    const key = unique("key");
    const first = await checkout(token, checkoutBody(), key);
    const firstBody = await first.text();
    await addToCart(token, item.sku, 1);
    const again = await checkout(token, checkoutBody(), key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const list = (await (await call("GET", "/api/v1/orders", { token })).json()) as {
      items: unknown[];
    };
    expect(list.items).toHaveLength(1);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it("replays a failure too, and answers 422 for the same key with another body", async () => {
    const { token } = await guest();
    const item = await stockedSku(5);
    await addToCart(token, item.sku, 1);
    const key = unique("key");
    expect((await checkout(token, checkoutBody("tok_decline"), key)).status).toBe(402);
    const replay = await checkout(token, checkoutBody("tok_decline"), key);
    expect(replay.status).toBe(402);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const reused = await checkout(token, checkoutBody("tok_visa"), key);
    expect(reused.status).toBe(422);
    expect((await problemOf(reused)).code).toBe("idempotency_key_reused");
  });

  it("keys are per shopper", async () => {
    const item = await stockedSku(5);
    const [alice, bob] = [await guest(), await guest()];
    await addToCart(alice.token, item.sku, 1);
    await addToCart(bob.token, item.sku, 1);
    const key = unique("shared-key");
    const a = (await (await checkout(alice.token, checkoutBody(), key)).json()) as OrderBody;
    const b = await checkout(bob.token, checkoutBody(), key);
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    expect(((await b.json()) as OrderBody).id).not.toBe(a.id);
  });

  it("answers 409 idempotency_in_progress while the first request with the key runs", async () => {
    const { token, shopper } = await guest();
    const item = await stockedSku(5);
    await addToCart(token, item.sku, 1);
    const call = {
      place: HERE,
      shopperId: shopper.id,
      idempotencyKey: unique("key"),
      requestHash: "hash-1",
      email: "ada@example.com",
      shippingAddress: checkoutBody().shippingAddress,
      paymentToken: "tok_visa",
    };
    const [first, second] = await runInDurableObject(cartStub(shopper.id), async (cart) => {
      // Both start inside the object; the second arrives while the first awaits D1.
      const running = cart.checkout(call);
      const concurrent = cart.checkout(call);
      return Promise.all([running, concurrent]);
    });
    expect(processResponse(first.outcome).status).toBe(201);
    expect(processResponse(second.outcome)).toMatchObject({
      status: 409,
      body: { code: "idempotency_in_progress" },
    });
  });
});
