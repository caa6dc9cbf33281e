import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FORWARD_STATES } from "../src/checkout/record";
import { boughtCardsOfOrder } from "../src/promotions/bought-cards";
import { giftCardKey } from "../src/promotions/gift-card-authority";
import {
  address,
  addToCart,
  checkout,
  checkoutBody,
  checkoutForm,
  stockedSku,
} from "./checkout-helpers";
import { callAndWait, emailOf } from "./email-helpers";
import {
  ADMIN_TOKEN,
  adminCall,
  browser,
  call,
  createProduct,
  guest,
  problemOf,
  unique,
} from "./helpers";
import {
  deliverFulfillment,
  expectSettled,
  FAULT_VARIANTS,
  inject,
  paymentsOf,
  settleCart,
} from "./process-harness";

interface Order {
  id: string;
  status: string;
  total: { amount: number; currency: string };
  giftCard: { last4: string; amount: { amount: number } } | null;
}

async function issue(amount: number) {
  const res = await adminCall("POST", "/api/v1/admin/gift-cards", {
    amount: { amount, currency: "USD" },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { code: string; last4: string };
}

const stateOf = async (code: string) =>
  env.GIFT_CARDS.get(env.GIFT_CARDS.idFromName(await giftCardKey(code))).state();

const body = (giftCard: string, token: string | null = "tok_visa") => ({
  email: "ada@example.com",
  shippingAddress: address,
  giftCard,
  ...(token ? { payment: { token } } : {}),
});

/** A guest with one unit of a sku of `price` in the cart (shipping is free from $50). */
async function shopperWith(price: number, stock = 20) {
  const s = await guest();
  const item = await stockedSku(stock, price);
  await addToCart(s.token, item.sku, 1);
  return { ...s, item };
}

describe("paying with a gift card", () => {
  it("pays the whole total with no card: nothing is authorized, the balance goes down", async () => {
    const card = await issue(10_000);
    const s = await shopperWith(6000);
    const res = await checkout(s.token, body(card.code.toLowerCase(), null));
    expect(res.status, await res.clone().text()).toBe(201);
    const order = (await res.json()) as Order;
    expect(order.giftCard).toEqual({
      last4: card.last4,
      amount: { amount: order.total.amount, currency: "USD" },
    });
    expect(paymentsOf([order.id])).toEqual([]);
    expect(await stateOf(card.code)).toMatchObject({
      balance: 10_000 - order.total.amount,
      held: 0,
    });
  });

  it("pays what it has and the card the rest; a refund gives each its part back", async () => {
    const card = await issue(1000);
    const s = await shopperWith(6000);
    const res = await checkout(s.token, body(card.code));
    expect(res.status).toBe(201);
    const order = (await res.json()) as Order;
    expect(order.giftCard?.amount.amount).toBe(1000);
    expect(paymentsOf([order.id])).toMatchObject([
      { amount: order.total.amount - 1000, state: "captured" },
    ]);
    expect(await stateOf(card.code)).toMatchObject({ balance: 0 });
    await deliverFulfillment(order.id);
    const refunded = await adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`);
    expect(refunded.status, await refunded.clone().text()).toBe(200);
    expect(await stateOf(card.code)).toMatchObject({ balance: 1000, held: 0 });
    // Refunding again refunds nothing more.
    await adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`);
    expect(await stateOf(card.code)).toMatchObject({ balance: 1000 });
    expect(paymentsOf([order.id])).toMatchObject([{ state: "refunded" }]);
  });

  it("refuses a card that cannot pay: too little with no card (409), void (409), unknown (404)", async () => {
    const small = await issue(500);
    const s = await shopperWith(6000);
    const short = await checkout(s.token, body(small.code, null));
    expect(short.status).toBe(409);
    expect((await problemOf(short)).code).toBe("gift_card_insufficient");
    const unknown = await checkout(s.token, body("GC-AAAA-BBBB-CCCC-DDDD"));
    expect(unknown.status).toBe(404);
    const id = (await (
      await adminCall("POST", "/api/v1/admin/gift-cards/lookup", { code: small.code })
    ).json()) as { id: string };
    await adminCall("POST", `/api/v1/admin/gift-cards/${id.id}/void`);
    const voided = await checkout(s.token, body(small.code));
    expect(voided.status).toBe(409);
    expect((await problemOf(voided)).code).toBe("gift_card_unusable");
    expect(await stateOf(small.code)).toMatchObject({ balance: 500, held: 0 });
    const neither = await call("POST", "/api/v1/checkout", {
      token: s.token,
      body: { email: "ada@example.com", shippingAddress: address },
      headers: { "idempotency-key": unique("key") },
    });
    expect(neither.status).toBe(400);
  });

  it("10 checkouts of 30 at once on a card of 100: 3 are paid, the balance never goes below 0", async () => {
    const card = await issue(10_000);
    const item = await stockedSku(50, 2500);
    const shoppers = await Promise.all(Array.from({ length: 10 }, () => guest()));
    for (const s of shoppers) await addToCart(s.token, item.sku, 1);
    const answers = await Promise.all(
      shoppers.map((s) => checkout(s.token, body(card.code, null))),
    );
    const statuses = answers.map((a) => a.status);
    // $25.00 + $5.00 shipping: each checkout is 3,000 of the card's 10,000.
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(await stateOf(card.code)).toMatchObject({ balance: 1000, held: 0 });
  });
});

/** Money moves at `capturing`: a checkout stopped from there on is paid, before it never. */
const paysDespite = (step: string) =>
  FORWARD_STATES.indexOf(step as never) >= FORWARD_STATES.indexOf("capturing");

describe("a checkout with a gift card stopped at every step gives its balance back, or keeps it spent", () => {
  // No code on the cart: no `redeeming`.
  for (const step of FORWARD_STATES.filter((s) => s !== "authenticating" && s !== "redeeming")) {
    for (const variant of FAULT_VARIANTS) {
      it(`${variant.kind} ${variant.at} ${step}`, async () => {
        const card = await issue(700);
        const s = await shopperWith(1000, 5);
        expect(await inject(s.shopper.id, { step: `checkout:${step}`, ...variant })).toBe(true);
        await checkout(s.token, body(card.code), unique("key"));
        await settleCart(s.shopper.id);
        const { sold } = await expectSettled(s.shopper.id, s.token, [
          { sku: s.item.sku, onHand: 5, quantity: 1 },
        ]);
        const paid = paysDespite(step);
        expect(sold).toHaveLength(paid ? 1 : 0);
        expect(await stateOf(card.code)).toMatchObject({ balance: paid ? 0 : 700, held: 0 });
      });
    }
  }
});

describe("gift cards on the pages", () => {
  it("pays part with a gift card at the web checkout, and the order page shows each part", async () => {
    const card = await issue(1000);
    const b = browser();
    const item = await stockedSku(10, 2500);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const form = await (await b.get("/checkout")).text();
    expect(form).toContain("Gift card code (optional)");
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form)?.[1] ?? "";
    const paid = await b.post("/checkout", {
      ...checkoutForm,
      "payment.token": "tok_visa",
      giftCard: card.code,
      idempotencyKey: key,
    });
    expect(paid.status, await paid.clone().text()).toBe(303);
    const page = await (await b.get(paid.headers.get("location") ?? "")).text();
    expect(page).toContain(`Paid by gift card ending ${card.last4}`);
    expect(page).toContain("$10.00");
    const short = await issue(100);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const again = await (await b.get("/checkout")).text();
    const voidCard = await adminCall("POST", "/api/v1/admin/gift-cards/lookup", {
      code: short.code,
    });
    await adminCall(
      "POST",
      `/api/v1/admin/gift-cards/${((await voidCard.json()) as { id: string }).id}/void`,
    );
    const refused = await b.post("/checkout", {
      ...checkoutForm,
      "payment.token": "tok_visa",
      giftCard: short.code,
      idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(again)?.[1] ?? "",
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("This gift card is void.");
  });

  it("issues, looks up and voids a card in the back office, showing its code once", async () => {
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const issued = await b.post("/admin/gift-cards", {
      amount: "50",
      currency: "usd",
      note: "Raffle",
    });
    expect(issued.status).toBe(201);
    const html = await issued.text();
    const code = /<code>(GC[-A-Z0-9]+)<\/code>/.exec(html)?.[1] ?? "";
    expect(code).toMatch(/^GC-/);
    const list = await (await b.get("/admin/gift-cards")).text();
    expect(list).not.toContain(code);
    expect(list).toContain(`…${code.slice(-4)}`);
    const found = await b.post("/admin/gift-cards/lookup", { code: code.toLowerCase() });
    expect(await found.text()).toContain("The card of that code");
    const id = /action="\/admin\/gift-cards\/([0-9a-f]{64})\/void"/.exec(list)?.[1] ?? "";
    expect((await b.post(`/admin/gift-cards/${id}/void`, {})).status).toBe(303);
    expect(await stateOf(code)).toMatchObject({ status: "void", balance: 5000 });
    const bad = await b.post("/admin/gift-cards", { amount: "0", currency: "USD" });
    expect(bad.status).toBe(400);
  });
});

describe("a gift card bought as a product", () => {
  it("is not discounted or taxed, issues one card per unit when paid, emails their codes, and a refund voids them keeping what was spent", async () => {
    const sku = unique("GIFT");
    await createProduct({
      category: unique("gifts").toLowerCase(),
      variants: [
        {
          sku,
          title: "$25 card",
          price: { amount: 2500, currency: "USD" },
          stock: 100,
          giftCard: true,
        },
      ],
    });
    const code = unique("ALL")
      .replace(/[^A-Za-z0-9-]/g, "")
      .slice(0, 32);
    await adminCall("POST", "/api/v1/admin/discounts", { code, kind: "percentage", value: 50 });
    const { token } = await guest();
    await addToCart(token, sku, 2);
    // No code applies to a cart of gift cards only.
    const applied = await call("POST", "/api/v1/cart/discounts", { token, body: { code } });
    expect(applied.status).toBe(422);
    expect((await problemOf(applied)).errors?.[0]?.message).toBe(
      "applies to none of the cart's items",
    );
    const res = await callAndWait("POST", "/api/v1/checkout", {
      token,
      body: checkoutBody(),
      headers: { "idempotency-key": unique("key") },
    });
    expect(res.status).toBe(201);
    const order = (await res.json()) as Order & {
      currency: string;
      lines: { unitPrice: { amount: number }; quantity: number; sku: string }[];
    };
    const variant = await env.DB.prepare("SELECT tax_class FROM variants WHERE sku = ?")
      .bind(sku)
      .first<{ tax_class: string }>();
    expect(variant?.tax_class).toBe("zero");
    const list = (await (await adminCall("GET", "/api/v1/admin/gift-cards")).json()) as {
      items: { id: string; orderId: string | null; balance: { amount: number }; status: string }[];
    };
    expect(list.items.filter((c) => c.orderId === order.id).map((c) => c.balance.amount)).toEqual([
      2500, 2500,
    ]);
    // The email sent has the codes; the outbox keeps them masked.
    const cards = await boughtCardsOfOrder(env.DB, env.JWT_SECRET, order);
    expect(cards).toHaveLength(2);
    const kept = await emailOf(order.id, "gift_cards_issued");
    expect(kept.status).toBe("sent");
    for (const c of cards) {
      expect(kept.body).not.toContain(c.code);
      expect(kept.body).toContain(`GC-****-****-****-${c.last4}`);
    }
    // One card is spent on another order; refunding the order that bought them keeps that back.
    const other = await shopperWith(1000);
    const spent = await checkout(other.token, body(cards[0]?.code ?? "", null));
    expect(spent.status).toBe(201);
    const spentTotal = ((await spent.json()) as Order).total.amount;
    await deliverFulfillment(order.id);
    expect((await adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`)).status).toBe(200);
    expect(paymentsOf([order.id])).toMatchObject([
      // What was spent of the cards bought is kept: the payment is refunded in part.
      { state: "captured", refunded: order.total.amount - spentTotal },
    ]);
    expect(await stateOf(cards[0]?.code ?? "")).toMatchObject({
      status: "void",
      balance: 2500 - spentTotal,
    });
    expect(await stateOf(cards[1]?.code ?? "")).toMatchObject({ status: "void", balance: 2500 });
  });
});

describe("a paid order of gift cards stopped while it is marked paid", () => {
  for (const variant of FAULT_VARIANTS) {
    it(`${variant.kind} ${variant.at} marking_paid issues each card once`, async () => {
      const sku = unique("GIFT");
      await createProduct({
        variants: [
          {
            sku,
            title: "Card",
            price: { amount: 1000, currency: "USD" },
            stock: 10,
            giftCard: true,
          },
        ],
      });
      const s = await guest();
      await addToCart(s.token, sku, 2);
      expect(await inject(s.shopper.id, { step: "checkout:marking_paid", ...variant })).toBe(true);
      await checkout(s.token, checkoutBody(), unique("key"));
      await settleCart(s.shopper.id);
      const { results } = await env.DB.prepare(
        "SELECT g.key FROM gift_cards g JOIN orders o ON o.id = g.order_id WHERE o.shopper_id = ?",
      )
        .bind(s.shopper.id)
        .all();
      expect(results).toHaveLength(2);
    });
  }
});

describe("a gift card product in the back office", () => {
  it("is made from the new product form's gift card box", async () => {
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const sku = unique("GIFTFORM");
    const made = await b.post("/admin/products/new", {
      slug: unique("gift-card").toLowerCase(),
      title: "Gift card",
      description: "A card to spend in the shop.",
      category: "gift-cards",
      "variants.0.sku": sku,
      "variants.0.title": "$50",
      "variants.0.price": "50",
      "variants.0.stock": "1000",
      "variants.0.giftCard": "on",
    });
    expect(made.status, await made.clone().text()).toBe(303);
    const row = await env.DB.prepare("SELECT gift_card, tax_class FROM variants WHERE sku = ?")
      .bind(sku)
      .first<{ gift_card: number; tax_class: string }>();
    expect(row).toEqual({ gift_card: 1, tax_class: "zero" });
  });
});
