import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { signatureHeader } from "../src/signature";
import { addToCart, checkout, type OrderBody, stockedSku } from "./checkout-helpers";
import { guest, unique } from "./helpers";

export const SECRET = "whsec_test_0123456789";

export function postEvent(body: string, signature: string | null) {
  return exports.default.fetch(
    new Request("https://shop.test/webhooks/stripe", {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        ...(signature === null ? {} : { "stripe-signature": signature }),
      },
      body,
    }),
  );
}

/** An event as Stripe sends it, signed with the test secret (or `timestamp` seconds). */
export async function sendEvent(type: string, object: Record<string, unknown>, timestamp?: number) {
  const event = { id: unique("evt"), object: "event", type, data: { object } };
  const body = JSON.stringify(event);
  const res = await postEvent(body, await signatureHeader(SECRET, body, timestamp));
  return { event, body, res };
}

/** A paid order of a fresh shopper; its payment id is the test provider's. */
export async function paidOrder(price = 1500) {
  const shopper = await guest();
  const item = await stockedSku(5, price);
  await addToCart(shopper.token, item.sku, 1);
  const res = await checkout(shopper.token);
  expect(res.status).toBe(201);
  const order = (await res.json()) as OrderBody;
  const row = await env.DB.prepare("SELECT payment_id FROM orders WHERE id = ?")
    .bind(order.id)
    .first<{ payment_id: string }>();
  return { shopper, order, paymentId: row?.payment_id ?? "" };
}
