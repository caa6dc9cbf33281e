import { expect } from "vitest";

/** The fake Stripe this project's Worker talks to (see vitest.config.ts). */
const STRIPE = "http://stripe.test";

export interface Intent {
  id: string;
  status: string;
  amount: number;
  client_secret: string;
  metadata: { order_id?: string };
}

export async function intentsOf(orderId: string): Promise<Intent[]> {
  const { data } = (await (await fetch(`${STRIPE}/_fake/payment_intents`)).json()) as {
    data: Intent[];
  };
  return data.filter((i) => i.metadata.order_id === orderId);
}

/** Stripe loses an order's PaymentIntents and idempotent replies (as after a restart of a fake). */
export async function forgetAtStripe(orderId: string) {
  const res = await fetch(`${STRIPE}/_fake/forget`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ order_id: orderId }).toString(),
  });
  expect(res.status).toBe(200);
}

/** The shopper answers the bank's 3-D Secure challenge, as Stripe.js would let them. */
export async function authenticate(clientSecret: string, outcome: "complete" | "fail") {
  const res = await fetch(`${STRIPE}/_fake/authenticate`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_secret: clientSecret, outcome }).toString(),
  });
  expect(res.status).toBe(200);
}

/** A ConfirmationToken for a test card, as Stripe.js makes from the Payment Element. */
export async function cardToken(number: string): Promise<string> {
  const res = await fetch(`${STRIPE}/v1/confirmation_tokens`, {
    method: "POST",
    headers: {
      authorization: "Bearer pk_test_fake",
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ card_number: number }).toString(),
  });
  return ((await res.json()) as { id: string }).id;
}

export const VISA = "4242424242424242";
export const DECLINED = "4000000000000002";
export const THREE_DS = "4000002760003184";
