/** Setting up the chaos run's shop: scarce skus and shoppers with multi-line carts. */

import { call as send } from "../bench/shop.mjs";

const random = (min, max) => min + Math.floor(Math.random() * (max - min + 1));

/** The bench's API call, with the answer's body parsed. */
async function call(baseUrl, method, path, options) {
  const { status, text } = await send(baseUrl, method, path, options);
  return { status, body: text ? JSON.parse(text) : null };
}

/** `count` skus with `stock` units each, fewer in total than the shoppers want: they compete. */
export async function stockSkus(baseUrl, adminToken, count, stock) {
  const run = Date.now().toString(36);
  const skus = [];
  for (let i = 0; i < count; i++) {
    const sku = `CHAOS-${run}-${i}`.toUpperCase();
    const res = await call(baseUrl, "POST", "/api/v1/admin/products", {
      token: adminToken,
      body: {
        slug: `chaos-${run}-${i}`,
        title: `Chaos item ${i}`,
        description: "Scarce on purpose.",
        category: "chaos",
        variants: [
          { sku, title: "One size", price: { amount: 700 + i * 100, currency: "USD" }, stock },
        ],
      },
    });
    if (res.status !== 201) throw new Error(`product create answered ${res.status}`);
    skus.push({ sku, stock });
  }
  return skus;
}

/** A code of 20 % off with fewer uses than the shoppers who put it on their carts: they compete. */
export async function createCode(baseUrl, adminToken, usageLimit) {
  const code = `CHAOS-${Date.now().toString(36)}`.toUpperCase();
  const res = await call(baseUrl, "POST", "/api/v1/admin/discounts", {
    token: adminToken,
    body: { code, kind: "percentage", value: 20, usageLimit },
  });
  if (res.status !== 201) throw new Error(`discount create answered ${res.status}`);
  return { code, usageLimit };
}

/** A gift card that a third of the shoppers pay part with: it runs out during the run. */
export async function createGiftCard(baseUrl, adminToken, amount) {
  const res = await call(baseUrl, "POST", "/api/v1/admin/gift-cards", {
    token: adminToken,
    body: { amount: { amount, currency: "USD" }, note: "chaos" },
  });
  if (res.status !== 201) throw new Error(`gift card issue answered ${res.status}`);
  return { code: res.body.code, id: res.body.id, last4: res.body.last4, initial: amount };
}

/**
 * Guests with two or three lines of one to three units each, added while stock lasts; every
 * other one puts `code` on the cart, and every third pays part with `giftCard`.
 */
export async function createShoppers(baseUrl, count, skus, code, giftCard = null) {
  const shoppers = [];
  for (let i = 0; i < count; i++) {
    const guest = await call(baseUrl, "POST", "/api/v1/auth/guest");
    const token = guest.body.token;
    const picks = [...skus].sort(() => Math.random() - 0.5).slice(0, random(2, 3));
    const lines = [];
    for (const { sku } of picks) {
      const quantity = random(1, 3);
      const added = await call(baseUrl, "POST", "/api/v1/cart/items", {
        token,
        body: { sku, quantity },
      });
      if (added.status === 200) lines.push({ sku, quantity });
    }
    if (code && i % 2 === 0) {
      await call(baseUrl, "POST", "/api/v1/cart/discounts", { token, body: { code: code.code } });
    }
    shoppers.push({
      id: guest.body.shopper.id,
      token,
      lines,
      key: `chaos-${crypto.randomUUID()}`,
      /** Each key this shopper sent, with the last answer it got ({ status, code }). */
      answers: new Map(),
      retries: i % 2 === 0,
      statuses: [],
      checkout: {
        email: `shopper${i}@example.com`,
        shippingAddress: {
          name: `Shopper ${i}`,
          line1: "1 Chaos Way",
          city: "Springfield",
          postalCode: "12345",
          country: "US",
        },
        // One in eight cards is declined: failures must settle as cleanly as sales.
        payment: { token: i % 8 === 7 ? "tok_decline" : "tok_visa" },
        ...(giftCard && i % 3 === 1 ? { giftCard: giftCard.code } : {}),
      },
    });
  }
  return shoppers;
}

export { call };
