/**
 * The storefront API calls the bench scenarios make (see docs/api.md), as a shopper or as
 * the admin. Set-up calls throw on an unexpected status, so a broken set-up stops the bench rather
 * than producing figures for requests that never did what they were meant to.
 */
import { mapConcurrently } from "./stats.mjs";

/** What each checkout sends: the test provider's card that always succeeds. */
export const CHECKOUT_BODY = {
  email: "bench@example.com",
  shippingAddress: {
    name: "B",
    line1: "1 Main St",
    city: "Springfield",
    postalCode: "12345",
    country: "US",
  },
  payment: { token: "tok_visa" },
};

/** Set-up requests in flight at once: enough to be quick, few enough not to time out. */
const SETUP_CONCURRENCY = 20;

/** One request: { status, text, ms }, `ms` from sending until the whole body has arrived. */
export async function call(baseUrl, method, path, { token, body, headers = {} } = {}) {
  const allHeaders = { ...headers };
  if (token) allHeaders.authorization = `Bearer ${token}`;
  if (body !== undefined) allHeaders["content-type"] = "application/json";
  const started = performance.now();
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: allHeaders,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

/** Like `call`, but throws unless the answer has `status`; resolves with the parsed body. */
async function expectJson(status, baseUrl, method, path, options) {
  const res = await call(baseUrl, method, path, options);
  if (res.status !== status) {
    throw new Error(`${method} ${path} answered ${res.status} (expected ${status}): ${res.text}`);
  }
  return res.text ? JSON.parse(res.text) : null;
}

/** `count` new guest tokens, each with its own (still empty) cart. */
export function newGuests(baseUrl, count) {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return mapConcurrently(indexes, SETUP_CONCURRENCY, async () => {
    const { token } = await expectJson(201, baseUrl, "POST", "/api/v1/auth/guest");
    return token;
  });
}

/** Puts `quantity` of `sku` into the cart of each token, `skuFor(i)` choosing the i-th's sku. */
export function fillCarts(baseUrl, tokens, skuFor, quantity = 1) {
  return mapConcurrently(tokens, SETUP_CONCURRENCY, (token, i) =>
    expectJson(200, baseUrl, "POST", "/api/v1/cart/items", {
      token,
      body: { sku: skuFor(i), quantity },
    }),
  );
}

/** A 20 % code limited to `usageLimit` uses, put on the carts of `tokens`. */
export async function codeOnCarts(baseUrl, adminToken, code, usageLimit, tokens) {
  await expectJson(201, baseUrl, "POST", "/api/v1/admin/discounts", {
    token: adminToken,
    body: { code, kind: "percentage", value: 20, usageLimit },
  });
  await mapConcurrently(tokens, SETUP_CONCURRENCY, (token) =>
    expectJson(200, baseUrl, "POST", "/api/v1/cart/discounts", { token, body: { code } }),
  );
}

/** { used, held } of a code, as its authority counts them. */
export function usesOf(baseUrl, adminToken, code) {
  return expectJson(200, baseUrl, "GET", `/api/v1/admin/discounts/${code}`, { token: adminToken });
}

export function setOnHand(baseUrl, adminToken, sku, onHand) {
  return expectJson(200, baseUrl, "PUT", `/api/v1/admin/inventory/${encodeURIComponent(sku)}`, {
    token: adminToken,
    body: { onHand },
  });
}

/** Splits the sku's stock over `count` stock objects. */
export function setShards(baseUrl, adminToken, sku, count) {
  return expectJson(
    200,
    baseUrl,
    "PUT",
    `/api/v1/admin/inventory/${encodeURIComponent(sku)}/shards`,
    { token: adminToken, body: { count } },
  );
}

/** { sku, onHand, reserved, available } from the inventory authority. */
export function stockOf(baseUrl, adminToken, sku) {
  return expectJson(200, baseUrl, "GET", `/api/v1/admin/inventory/${encodeURIComponent(sku)}`, {
    token: adminToken,
  });
}

export function createProduct(baseUrl, adminToken, product) {
  return expectJson(201, baseUrl, "POST", "/api/v1/admin/products", {
    token: adminToken,
    body: product,
  });
}

/** The shopper's cart; `itemCount` is the number of units in it. */
export function cartOf(baseUrl, token) {
  return expectJson(200, baseUrl, "GET", "/api/v1/cart", { token });
}

/** Buys the shopper's cart; the answer whatever its status, since scenarios count statuses. */
export function checkout(baseUrl, token, idempotencyKey) {
  return call(baseUrl, "POST", "/api/v1/checkout", {
    token,
    body: CHECKOUT_BODY,
    headers: { "idempotency-key": idempotencyKey },
  });
}

/** How many orders have `status` (all pages of the admin list). */
export async function countOrders(baseUrl, adminToken, status) {
  let count = 0;
  let cursor = null;
  do {
    const query = new URLSearchParams({ status, limit: "100" });
    if (cursor) query.set("cursor", cursor);
    const page = await expectJson(200, baseUrl, "GET", `/api/v1/admin/orders?${query}`, {
      token: adminToken,
    });
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}
