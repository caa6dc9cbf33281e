import type { Money } from "../money";
import type { AuthorizeResult, PaymentProvider } from "./provider";

type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Stripe over `fetch`: a PaymentIntent confirmed with manual capture (authorize), then captured;
 * refunds through /v1/refunds. Payment tokens are PaymentMethod ids (`pm_...`) made by Stripe.js.
 */
export function stripePaymentProvider(
  secretKey: string,
  fetchFn: FetchFn = fetch,
): PaymentProvider {
  async function call(path: string, form: Record<string, string>, idempotencyKey: string) {
    const res = await fetchFn(`https://api.stripe.com/v1/${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${secretKey}`,
        "content-type": "application/x-www-form-urlencoded",
        "idempotency-key": idempotencyKey,
      },
      body: new URLSearchParams(form).toString(),
    });
    const body = (await res.json()) as Record<string, unknown> & {
      error?: { type?: string; message?: string };
    };
    return { status: res.status, body };
  }

  const amountFields = (amount: Money) => ({
    amount: String(amount.amount),
    currency: amount.currency.toLowerCase(),
  });

  return {
    name: "stripe",
    acceptsToken: (token) => /^pm_[A-Za-z0-9_]+$/.test(token),
    async authorize({ amount, token, idempotencyKey }): Promise<AuthorizeResult> {
      const { status, body } = await call(
        "payment_intents",
        {
          ...amountFields(amount),
          payment_method: token,
          confirm: "true",
          capture_method: "manual",
        },
        idempotencyKey,
      );
      if (status === 402 || body.error?.type === "card_error") {
        return {
          ok: false,
          declined: true,
          message: body.error?.message ?? "The card was declined.",
        };
      }
      if (status >= 400 || typeof body.id !== "string") {
        throw new Error(`stripe authorize failed with ${status}`);
      }
      return { ok: true, authorizationId: body.id };
    },
    async capture({ authorizationId, idempotencyKey }) {
      const { status, body } = await call(
        `payment_intents/${encodeURIComponent(authorizationId)}/capture`,
        {},
        idempotencyKey,
      );
      if (status >= 400 || typeof body.id !== "string")
        throw new Error(`stripe capture failed with ${status}`);
      return { paymentId: body.id };
    },
    async refund({ paymentId, amount, idempotencyKey }) {
      const { status, body } = await call(
        "refunds",
        { payment_intent: paymentId, amount: String(amount.amount) },
        idempotencyKey,
      );
      if (status >= 400 || typeof body.id !== "string")
        throw new Error(`stripe refund failed with ${status}`);
      return { refundId: body.id };
    },
  };
}
