import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FORWARD_STATES } from "../src/checkout/record";
import { addToCart, checkout, checkoutBody, stockedSku } from "./checkout-helpers";
import { adminCall, browser, call, guest, problemOf, unique } from "./helpers";
import { expectSettled, FAULT_VARIANTS, inject, paymentsOf, settleCart } from "./process-harness";

interface Money {
  amount: number;
  currency: string;
}
interface Cart {
  discounts: { code: string | null; title: string; amount: Money }[];
  subtotal: Money;
  shipping?: Money;
  tax: Money;
  total: Money;
}

async function newCode(body: Record<string, unknown>) {
  const code = unique("SAVE")
    .replace(/[^A-Za-z0-9-]/g, "")
    .slice(0, 32);
  const res = await adminCall("POST", "/api/v1/admin/discounts", { code, ...body });
  expect(res.status, await res.clone().text()).toBe(201);
  return code;
}

const usesOf = async (code: string) =>
  env.DISCOUNTS.get(env.DISCOUNTS.idFromName(code.toLowerCase())).counts();

const applyCode = (token: string, code: string) =>
  call("POST", "/api/v1/cart/discounts", { token, body: { code } });

describe("a discount code on the cart", () => {
  it("applies in any case, shows its line and the new totals, and comes off again", async () => {
    const code = await newCode({ kind: "percentage", value: 20 });
    const { token } = await guest();
    const item = await stockedSku(10, 2500);
    await addToCart(token, item.sku, 2);
    const res = await applyCode(token, code.toLowerCase());
    expect(res.status).toBe(200);
    const cart = (await res.json()) as Cart;
    expect(cart.discounts).toEqual([
      { code, title: "20% off", amount: { amount: 1000, currency: "USD" } },
    ]);
    // 5,000 − 1,000, and shipping stays as it was for the subtotal before the discount.
    expect([cart.subtotal.amount, cart.shipping?.amount, cart.total.amount]).toEqual([
      5000, 0, 4000,
    ]);
    const removed = await call("DELETE", `/api/v1/cart/discounts/${code}`, { token });
    expect(((await removed.json()) as Cart).discounts).toEqual([]);
  });

  it("refuses an unknown code (404), one that does not apply (422), and one with no use left (409)", async () => {
    const { token } = await guest();
    const item = await stockedSku(10, 1000);
    await addToCart(token, item.sku, 1);
    const unknown = await applyCode(token, "NO-SUCH-CODE");
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).code).toBe("not_found");
    const later = await newCode({
      kind: "percentage",
      value: 10,
      startsAt: "2099-01-01T00:00:00Z",
    });
    const notYet = await applyCode(token, later);
    expect(notYet.status).toBe(422);
    expect((await problemOf(notYet)).code).toBe("discount_not_applicable");
    const big = await newCode({
      kind: "fixed",
      value: 500,
      currency: "USD",
      minSubtotal: { amount: 5000, currency: "USD" },
    });
    const small = await applyCode(token, big);
    expect(small.status).toBe(422);
    expect((await problemOf(small)).detail).toContain("$50.00");
    const once = await newCode({ kind: "free_shipping", usageLimit: 1 });
    await env.DISCOUNTS.get(env.DISCOUNTS.idFromName(once.toLowerCase())).hold(
      "ord_x",
      "email:x@example.com",
      {
        usageLimit: 1,
        perCustomerLimit: null,
        ttlMs: 60_000,
      },
    );
    const usedUp = await applyCode(token, once);
    expect(usedUp.status).toBe(409);
    expect((await problemOf(usedUp)).code).toBe("discount_used_up");
  });
});

describe("a discount code on the cart page", () => {
  it("is applied from the cart page, shown with the totals, and a used-up one says so", async () => {
    const code = await newCode({ kind: "percentage", value: 20 });
    const b = browser();
    const item = await stockedSku(10, 2500);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    expect((await b.post("/cart/discounts", { code: code.toLowerCase() })).status).toBe(303);
    const page = await (await b.get("/cart")).text();
    expect(page).toContain(`Discount ${code} (20% off)`);
    expect(page).toContain("−$5.00");
    expect(page).toContain(`Remove code ${code}`);
    expect((await b.post(`/cart/discounts/${code}/remove`, {})).status).toBe(303);
    expect(await (await b.get("/cart")).text()).not.toContain("(20% off)");
    const none = await newCode({ kind: "free_shipping", usageLimit: 1 });
    await env.DISCOUNTS.get(env.DISCOUNTS.idFromName(none.toLowerCase())).hold(
      "ord_y",
      "email:y@example.com",
      {
        usageLimit: 1,
        perCustomerLimit: null,
        ttlMs: 60_000,
      },
    );
    const usedUp = await b.post("/cart/discounts", { code: none });
    expect(usedUp.status).toBe(409);
    expect(await usedUp.text()).toContain(`The code ${none} has no use left.`);
  });
});

describe("checking out with a code", () => {
  it("charges the discounted total and counts one use", async () => {
    const code = await newCode({ kind: "fixed", value: 700, currency: "USD", usageLimit: 10 });
    const { token } = await guest();
    const item = await stockedSku(10, 1500);
    await addToCart(token, item.sku, 2);
    const cart = (await (await applyCode(token, code)).json()) as Cart;
    const res = await checkout(token, { ...checkoutBody(), expectedTotal: cart.total });
    expect(res.status).toBe(201);
    const order = (await res.json()) as {
      id: string;
      discountTotal: Money;
      discounts: unknown[];
      total: Money;
    };
    expect(order.discountTotal).toEqual({ amount: 700, currency: "USD" });
    expect(order.discounts).toEqual([
      { code, title: "$7.00 off", amount: { amount: 700, currency: "USD" } },
    ]);
    expect(order.total.amount).toBe(3000 - 700 + 500);
    expect(paymentsOf([order.id])).toMatchObject([
      { amount: order.total.amount, state: "captured" },
    ]);
    expect(await usesOf(code)).toEqual({ used: 1, held: 0 });
    // The first sale of this file: the sales report counts it net of its discount, line by line.
    const day = new Date().toISOString().slice(0, 10);
    const report = (await (
      await adminCall("GET", `/api/v1/admin/reports/sales?from=${day}&to=${day}`)
    ).json()) as {
      revenue: Money;
      topSkus: { sku: string; revenue: Money }[];
    };
    expect(report.revenue.amount).toBe(2300);
    expect(report.topSkus).toMatchObject([{ sku: item.sku, revenue: { amount: 2300 } }]);
  });

  it("gives a code limited to 50 uses to exactly 50 of 500 shoppers racing for it; the rest pay nothing", async () => {
    const code = await newCode({ kind: "percentage", value: 50, usageLimit: 50 });
    const item = await stockedSku(1000, 2000);
    const shoppers = await Promise.all(
      Array.from({ length: 500 }, async () => {
        const { token } = await guest();
        await addToCart(token, item.sku, 1);
        expect((await applyCode(token, code)).status).toBe(200);
        return token;
      }),
    );
    const answers = await Promise.all(
      shoppers.map((token) =>
        checkout(token, {
          ...checkoutBody(),
          expectedTotal: { amount: 1000 + 500, currency: "USD" },
        }),
      ),
    );
    const paid = answers.filter((r) => r.status === 201);
    expect(paid).toHaveLength(50);
    for (const refused of answers.filter((r) => r.status !== 201)) {
      expect(refused.status).toBe(409);
      expect((await problemOf(refused)).code).toBe("discount_used_up");
    }
    expect(await usesOf(code)).toEqual({ used: 50, held: 0 });
    const orders = await Promise.all(
      paid.map(async (r) => (await r.json()) as { id: string; discountTotal: Money }),
    );
    for (const o of orders) expect(o.discountTotal.amount).toBe(1000);
    expect(paymentsOf(orders.map((o) => o.id)).filter((p) => p.state === "captured")).toHaveLength(
      50,
    );
    // Nobody was charged without the code they had agreed to (`expectedTotal`).
    expect(paymentsOf(orders.map((o) => o.id)).every((p) => p.amount === 1500)).toBe(true);
  }, 180_000);
});

/** Money moves at `capturing`: a checkout stopped from there on is paid, before it never. */
const paysDespite = (step: string) =>
  FORWARD_STATES.indexOf(step as never) >= FORWARD_STATES.indexOf("capturing");

describe("a checkout with a code stopped at every step gives its use back, or keeps it paid", () => {
  // No gift card: no `spending`.
  for (const step of FORWARD_STATES.filter((s) => s !== "authenticating" && s !== "spending")) {
    for (const variant of FAULT_VARIANTS) {
      it(`${variant.kind} ${variant.at} ${step}`, async () => {
        const code = await newCode({ kind: "percentage", value: 10, usageLimit: 1 });
        const s = await guest();
        const item = await stockedSku(5, 1000);
        await addToCart(s.token, item.sku, 1);
        expect((await applyCode(s.token, code)).status).toBe(200);
        expect(await inject(s.shopper.id, { step: `checkout:${step}`, ...variant })).toBe(true);
        await checkout(s.token, checkoutBody(), unique("key"));
        await settleCart(s.shopper.id);
        const { sold } = await expectSettled(s.shopper.id, s.token, [
          { sku: item.sku, onHand: 5, quantity: 1 },
        ]);
        const paid = paysDespite(step);
        expect(sold).toHaveLength(paid ? 1 : 0);
        expect(await usesOf(code)).toEqual({ used: paid ? 1 : 0, held: 0 });
        // An undone checkout's use is back: the cart can buy with the code again, once.
        if (!paid) {
          expect((await checkout(s.token, checkoutBody(), unique("key"))).status).toBe(201);
          expect(await usesOf(code)).toEqual({ used: 1, held: 0 });
        }
      });
    }
  }
});
