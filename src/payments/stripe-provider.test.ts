import { describe, expect, it } from "vitest";
import { STRIPE_API_VERSION, stripePaymentProvider } from "./stripe-provider";

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
const authorize = (provider: ReturnType<typeof fakeStripe>["provider"]) =>
  provider.authorize({ amount, token: "pm_card_visa", idempotencyKey: "ord_1:authorize" });

describe("stripe provider", () => {
  it("refunds with the shop's key in the metadata, and tells a refusal for good from a failure", async () => {
    const answers: [number, object][] = [
      [200, { id: "re_1" }],
      [
        400,
        {
          error: {
            type: "invalid_request_error",
            code: "charge_already_refunded",
            message: "Charge ch_1 has already been refunded.",
          },
        },
      ],
      [
        400,
        {
          error: {
            type: "invalid_request_error",
            param: "amount",
            message: "Refund amount ($1.00) is greater than unrefunded amount on charge ($0.90)",
          },
        },
      ],
      [
        400,
        {
          error: {
            type: "idempotency_error",
            message:
              "Keys for idempotent requests can only be used with the same parameters they were first used with.",
          },
        },
      ],
      [500, { error: { type: "api_error" } }],
    ];
    const { calls, provider } = fakeStripe(() => answers[calls.length - 1] ?? [500, {}]);
    const refund = () =>
      provider.refund({ paymentId: "pi_1", amount, idempotencyKey: "ord_1:refund" });
    expect(await refund()).toEqual({ ok: true, refundId: "re_1" });
    expect(calls[0]?.form.get("metadata[shop_refund]")).toBe("ord_1:refund");
    expect(await refund()).toMatchObject({ ok: false, message: /already been refunded/ });
    expect(await refund()).toMatchObject({ ok: false, message: /greater than unrefunded/ });
    await expect(refund()).rejects.toThrow(/400/);
    await expect(refund()).rejects.toThrow(/500/);
  });

  it("authorizes with manual capture, a pinned API version and an idempotency key, then captures", async () => {
    const { calls, provider } = fakeStripe(() => [200, { id: "pi_1", status: "requires_capture" }]);
    expect(await authorize(provider)).toEqual({ ok: true, authorizationId: "pi_1" });
    expect(calls[0]?.headers.get("idempotency-key")).toBe("ord_1:authorize");
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer sk_test_123");
    expect(calls[0]?.headers.get("stripe-version")).toBe(STRIPE_API_VERSION);
    expect(Object.fromEntries(calls[0]?.form ?? [])).toMatchObject({
      amount: "2599",
      currency: "usd",
      capture_method: "manual",
      confirm: "true",
      "payment_method_types[0]": "card",
    });
    expect(
      await provider.capture({ authorizationId: "pi_1", amount, idempotencyKey: "cap_1" }),
    ).toEqual({ ok: true, paymentId: "pi_1" });
    expect(calls[1]?.url).toBe("https://api.stripe.com/v1/payment_intents/pi_1/capture");
  });

  it("finds a lost authorization by listing the PaymentIntents since its order, creating none", async () => {
    const page = (ids: string[], more: boolean) => ({
      data: ids.map((id) => ({ id, metadata: { order_id: id === "pi_7" ? "ord_1" : "ord_x" } })),
      has_more: more,
    });
    const { calls, provider } = fakeStripe((_path, _form) =>
      calls.length === 1 ? [200, page(["pi_9", "pi_8"], true)] : [200, page(["pi_7"], false)],
    );
    const since = Date.parse("2026-12-01T10:00:00Z");
    const lookup = {
      orderId: "ord_1",
      idempotencyKey: "ord_1:authorize",
      since,
      until: since + 900_000,
    };
    expect(await provider.findAuthorization(lookup)).toBe("pi_7");
    expect(calls.map((c) => new URL(c.url).searchParams.get("starting_after"))).toEqual([
      null,
      "pi_8",
    ]);
    const window = new URL(calls[0]?.url ?? "").searchParams;
    expect([window.get("created[gte]"), window.get("created[lte]")]).toEqual([
      String(since / 1000 - 60),
      String(since / 1000 + 900 + 60),
    ]);
    // Only reads: no call creates anything.
    expect(calls.every((c) => c.headers.get("idempotency-key") === null)).toBe(true);
    expect(calls.every((c) => new URL(c.url).pathname === "/v1/payment_intents")).toBe(true);
    const none = fakeStripe(() => [200, page([], false)]);
    expect(await none.provider.findAuthorization(lookup)).toBeNull();
  });

  it("voids by cancelling the PaymentIntent, and takes an already cancelled one as done", async () => {
    const { calls, provider } = fakeStripe(() => [200, { id: "pi_1", status: "canceled" }]);
    await provider.void({ authorizationId: "pi_1", idempotencyKey: "ord_1:void" });
    expect(calls[0]?.url).toBe("https://api.stripe.com/v1/payment_intents/pi_1/cancel");
    expect(calls[0]?.headers.get("idempotency-key")).toBe("ord_1:void");
    const again = fakeStripe(() => [
      400,
      { error: { type: "invalid_request_error", payment_intent: { status: "canceled" } } },
    ]);
    await expect(
      again.provider.void({ authorizationId: "pi_1", idempotencyKey: "k" }),
    ).resolves.toBeUndefined();
    const captured = fakeStripe(() => [
      400,
      { error: { type: "invalid_request_error", payment_intent: { status: "succeeded" } } },
    ]);
    await expect(
      captured.provider.void({ authorizationId: "pi_1", idempotencyKey: "k" }),
    ).rejects.toThrow();
  });

  it("leaves a 3-D Secure intent waiting with its client secret, and declines other unfinished ones", async () => {
    const action = fakeStripe(() => [
      200,
      { id: "pi_2", status: "requires_action", client_secret: "pi_2_secret_x" },
    ]);
    expect(await authorize(action.provider)).toEqual({
      ok: false,
      declined: false,
      authorizationId: "pi_2",
      clientSecret: "pi_2_secret_x",
    });
    const method = fakeStripe(() => [200, { id: "pi_3", status: "requires_payment_method" }]);
    expect(await authorize(method.provider)).toMatchObject({ ok: false, code: "card_declined" });
  });

  it("looks an intent up after the shopper's authentication", async () => {
    const states: [string, object][] = [
      ["requires_capture", { state: "authorized" }],
      ["requires_action", { state: "authenticating", clientSecret: "pi_1_secret_x" }],
      ["requires_payment_method", { state: "failed", message: "We are unable to authenticate." }],
      ["canceled", { state: "failed" }],
    ];
    for (const [status, expected] of states) {
      const { calls, provider } = fakeStripe(() => [
        200,
        {
          id: "pi_1",
          status,
          client_secret: "pi_1_secret_x",
          last_payment_error:
            status === "requires_payment_method"
              ? { message: "We are unable to authenticate." }
              : null,
        },
      ]);
      expect(await provider.authorization("pi_1")).toMatchObject(expected);
      expect(calls[0]?.url).toBe("https://api.stripe.com/v1/payment_intents/pi_1");
    }
    const broken = fakeStripe(() => [500, { error: { type: "api_error" } }]);
    await expect(broken.provider.authorization("pi_1")).rejects.toThrow();
  });

  it("confirms with a ConfirmationToken as `confirmation_token`, a PaymentMethod as `payment_method`", async () => {
    const { calls, provider } = fakeStripe(() => [200, { id: "pi_1", status: "requires_capture" }]);
    await provider.authorize({ amount, token: "ctoken_1Abc", idempotencyKey: "k1" });
    await provider.authorize({ amount, token: "pm_card_visa", idempotencyKey: "k2" });
    expect(calls[0]?.form.get("confirmation_token")).toBe("ctoken_1Abc");
    expect(calls[0]?.form.has("payment_method")).toBe(false);
    expect(calls[1]?.form.get("payment_method")).toBe("pm_card_visa");
  });

  it("turns a card error into a decline and anything else into a throw", async () => {
    const declined = fakeStripe(() => [
      402,
      { error: { type: "card_error", code: "insufficient_funds", message: "Insufficient funds." } },
    ]);
    expect(await authorize(declined.provider)).toEqual({
      ok: false,
      declined: true,
      code: "insufficient_funds",
      message: "Insufficient funds.",
    });
    const broken = fakeStripe(() => [500, { error: { type: "api_error" } }]);
    await expect(authorize(broken.provider)).rejects.toThrow();
    await expect(
      broken.provider.capture({ authorizationId: "pi_1", amount, idempotencyKey: "k" }),
    ).rejects.toThrow();
  });

  it("answers a refused capture as a result, not a throw", async () => {
    const refused = fakeStripe(() => [
      400,
      { error: { type: "invalid_request_error", message: "This PaymentIntent was canceled." } },
    ]);
    expect(
      await refused.provider.capture({ authorizationId: "pi_1", amount, idempotencyKey: "k" }),
    ).toEqual({ ok: false, message: "This PaymentIntent was canceled." });
  });

  it("accepts only ConfirmationTokens and PaymentMethod ids as tokens", () => {
    const { provider } = fakeStripe(() => [200, {}]);
    expect(provider.acceptsToken("pm_1Abc")).toBe(true);
    expect(provider.acceptsToken("ctoken_1Abc")).toBe(true);
    expect(provider.acceptsToken("tok_visa")).toBe(false);
  });
});
