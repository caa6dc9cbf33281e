/** Setting the stage through the HTTP API, where a test is about something other than that step. */
import { randomUUID } from "node:crypto";
import { inject } from "vitest";

async function call(method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(new URL(`/api/v1${path}`, inject("baseUrl")), {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

const asAdmin = (method, path, body) => call(method, path, { token: inject("adminToken"), body });

export function setOnHand(sku, onHand) {
  return asAdmin("PUT", `/admin/inventory/${encodeURIComponent(sku)}`, { onHand });
}

export function stockOf(sku) {
  return asAdmin("GET", `/admin/inventory/${encodeURIComponent(sku)}`);
}

/** A guest buys `quantity` of `sku` with the approved test card; returns the order. */
export async function placeOrder(sku, quantity) {
  const { token } = await call("POST", "/auth/guest");
  await call("POST", "/cart/items", { token, body: { sku, quantity } });
  return call("POST", "/checkout", {
    token,
    headers: { "idempotency-key": `e2e-${randomUUID()}` },
    body: {
      email: "grace@example.com",
      shippingAddress: {
        name: "Grace Hopper",
        line1: "1 Navy Yard",
        city: "Arlington",
        postalCode: "22202",
        country: "US",
      },
      payment: { token: "tok_visa" },
    },
  });
}

/** A customer account, made through the API. */
export function registerCustomer(email, password) {
  return call("POST", "/auth/register", { body: { email, password } });
}

/** The newest email of `kind` to `to` in the outbox, waiting up to 10 s for it to be queued. */
export async function latestEmail(to, kind) {
  for (let i = 0; i < 50; i++) {
    const { items } = await asAdmin("GET", `/admin/emails?to=${encodeURIComponent(to)}`);
    const email = items.find((e) => e.kind === kind);
    if (email) return email;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ${kind} email to ${to}`);
}
