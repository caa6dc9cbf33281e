import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
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
import { call, guest, HERE, problemOf, unique } from "./helpers";
import { ordersOf, paymentsOf, settleCart } from "./process-harness";

type CartBody = { items: { sku: string; quantity: number }[] };
const cartOf = async (token: string) =>
  (await (await call("GET", "/api/v1/cart", { token })).json()) as CartBody;

describe("one checkout per cart", () => {
  it("charges a cart once when eight checkouts with their own keys arrive at once", async () => {
    for (let trial = 0; trial < 5; trial++) {
      const { token, shopper } = await guest();
      const item = await stockedSku(50);
      await addToCart(token, item.sku, 3);
      const replies = await Promise.all(
        Array.from({ length: 8 }, () => checkout(token, checkoutBody(), unique("key"))),
      );
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      for (const r of replies.filter((r) => r.status !== 201)) {
        expect(["checkout_in_progress", "cart_empty"]).toContain((await problemOf(r)).code);
      }
      await settleCart(shopper.id);
      const orders = await ordersOf(shopper.id);
      expect(orders.map((o) => o.status)).toEqual(["fulfilled"]);
      expect(
        paymentsOf(orders.map((o) => o.id)).filter((p) => p.state === "captured"),
      ).toHaveLength(1);
      expect(await stockOf(item.sku)).toMatchObject({ onHand: 47, reserved: 0 });
      expect((await cartOf(token)).items).toEqual([]);
    }
  });

  it("answers the same key sent twice at once with one order", async () => {
    const { token } = await guest();
    const item = await stockedSku(5);
    await addToCart(token, item.sku, 1);
    const key = unique("key");
    const [a, b] = await Promise.all([
      checkout(token, checkoutBody(), key),
      checkout(token, checkoutBody(), key),
    ]);
    const codes = [a, b].map((r) => r.status).sort();
    expect(codes[0]).toBe(201);
    if (codes[1] === 201) {
      expect(((await a.json()) as OrderBody).id).toBe(((await b.json()) as OrderBody).id);
    } else {
      expect(codes[1]).toBe(409);
      const problem = await problemOf(a.status === 409 ? a : b);
      expect(problem.code).toBe("idempotency_in_progress");
    }
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it("refuses every cart edit while a checkout runs, and lets them through once it settled", async () => {
    const { shopper } = await guest();
    const item = await stockedSku(20);
    const other = await stockedSku(20);
    const stub = cartStub(shopper.id);
    await stub.addItem(HERE, item.sku, 2);
    const edits = await runInDurableObject(stub, async (cart) => {
      const running = cart.checkout({
        place: HERE,
        shopperId: shopper.id,
        idempotencyKey: unique("key"),
        requestHash: "h",
        email: "ada@example.com",
        shippingAddress: checkoutBody().shippingAddress,
        paymentToken: "tok_visa",
      });
      // Each edit arrives while the checkout awaits D1 or a stock object.
      const tried = await Promise.all([
        cart.addItem(HERE, other.sku, 1),
        cart.setQuantity(HERE, item.sku, 5),
        cart.removeItem(HERE, item.sku),
        cart.clear(),
        cart.handOver(),
      ]);
      return { order: await running, tried };
    });
    expect(processResponse(edits.order.outcome).status).toBe(201);
    for (const result of edits.tried.slice(0, 4)) {
      expect(result).toMatchObject({ ok: false, error: { code: "checkout_in_progress" } });
    }
    expect(edits.tried[4]).toMatchObject({ lines: [] });
    const order = processResponse(edits.order.outcome).body as OrderBody;
    expect(order.lines.map((l) => [l.sku, l.quantity])).toEqual([[item.sku, 2]]);
    expect(await stub.view(HERE)).toMatchObject({ ok: true, cart: { items: [] } });
    expect(await stub.addItem(HERE, other.sku, 1)).toMatchObject({ ok: true });
  });
});

describe("a checkout racing each cart edit", () => {
  const edits = {
    "add-to-cart": (token: string, sku: string) => addToCart(token, sku, 2),
    "change quantity": (token: string, sku: string) =>
      call("PATCH", `/api/v1/cart/items/${sku}`, { token, body: { quantity: 4 } }),
    "remove line": (token: string, sku: string) =>
      call("DELETE", `/api/v1/cart/items/${sku}`, { token }),
    "clear cart": (token: string) => call("DELETE", "/api/v1/cart", { token }),
  };

  for (const [name, edit] of Object.entries(edits)) {
    it(`${name}: the order is exactly what was charged, and nothing paid stays in the cart`, async () => {
      for (let trial = 0; trial < 4; trial++) {
        const { token, shopper } = await guest();
        const item = await stockedSku(50, 1000);
        await addToCart(token, item.sku, 1);
        const [paid, edited] = await Promise.all([
          checkout(token, checkoutBody(), unique("key")),
          edit(token, item.sku),
        ]);
        // 404: the line was already bought and gone when the edit came.
        expect([200, 204, 404, 409]).toContain(edited.status);
        if (edited.status === 409) {
          expect((await problemOf(edited)).code).toBe("checkout_in_progress");
        }
        await settleCart(shopper.id);
        const cart = await cartOf(token);
        const orders = await ordersOf(shopper.id);
        const charged = paymentsOf(orders.map((o) => o.id)).filter((p) => p.state === "captured");
        if (paid.status === 201) {
          const order = (await paid.json()) as OrderBody;
          expect(charged.map((c) => c.amount)).toEqual([order.total.amount]);
          const bought = order.lines.find((l) => l.sku === item.sku)?.quantity ?? 0;
          expect(order.subtotal.amount).toBe(bought * 1000);
          expect((await stockOf(item.sku)).onHand).toBe(50 - bought);
          // Whatever is in the cart now was put there after the order was paid.
          const left = cart.items.find((i) => i.sku === item.sku)?.quantity ?? 0;
          const applied = edited.status === 200 || edited.status === 204;
          if (applied && name === "add-to-cart") expect(bought + left).toBe(3);
          else if (applied && name === "change quantity") expect([bought, left]).toEqual([4, 0]);
          else expect(left).toBe(0);
        } else {
          // The edit emptied the cart before the checkout began.
          expect(charged).toEqual([]);
          expect((await problemOf(paid)).code).toBe("cart_empty");
        }
        expect((await stockOf(item.sku)).reserved).toBe(0);
      }
    });
  }
});
