import { describe, expect, it } from "vitest";
import { stripePaymentProvider } from "./stripe-provider";

function fakeStripe(reply: (path: string, form: URLSearchParams) => [number, object]) {
  const calls: { url: string; headers: Headers; form: URLSearchParams }[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    const form = new URLSearchParams(String(init.body));
    calls.push({ url, headers: new Headers(init.headers), form });
    const [status, body] = reply(new URL(url).pathname, form);
    return new Response(JSON.stringify(body), { status });
  };
  return { calls, provider: stripePaymentProvider("sk_test_123", fetchFn) };
}

const amount = { amount: 2599, currency: "USD" };

describe("stripe provider", () => {
  it("authorizes with manual capture and an idempotency key, then captures", async () => {
    const { calls, provider } = fakeStripe(() => [200, { id: "pi_1" }]);
    const auth = await provider.authorize({
      amount,
      token: "pm_card_visa",
      idempotencyKey: "ord_1",
    });
    expect(auth).toEqual({ ok: true, authorizationId: "pi_1" });
    expect(calls[0]?.headers.get("idempotency-key")).toBe("ord_1");
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer sk_test_123");
    expect(Object.fromEntries(calls[0]?.form ?? [])).toMatchObject({
      amount: "2599",
      currency: "usd",
      capture_method: "manual",
      confirm: "true",
    });
    await provider.capture({ authorizationId: "pi_1", amount, idempotencyKey: "cap_1" });
    expect(calls[1]?.url).toBe("https://api.stripe.com/v1/payment_intents/pi_1/capture");
  });

  it("turns a card error into a decline and anything else into a throw", async () => {
    const declined = fakeStripe(() => [
      402,
      { error: { type: "card_error", message: "Insufficient funds." } },
    ]);
    expect(
      await declined.provider.authorize({ amount, token: "pm_x", idempotencyKey: "k" }),
    ).toEqual({
      ok: false,
      declined: true,
      message: "Insufficient funds.",
    });
    const broken = fakeStripe(() => [500, { error: { type: "api_error" } }]);
    await expect(
      broken.provider.authorize({ amount, token: "pm_x", idempotencyKey: "k" }),
    ).rejects.toThrow();
  });

  it("accepts only PaymentMethod ids as tokens", () => {
    const { provider } = fakeStripe(() => [200, {}]);
    expect(provider.acceptsToken("pm_1Abc")).toBe(true);
    expect(provider.acceptsToken("tok_visa")).toBe(false);
  });
});
