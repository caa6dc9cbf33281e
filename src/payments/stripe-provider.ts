import type { Money } from "../money";
import type { AuthorizeResult, CaptureResult, PaymentProvider } from "./provider";

type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

/** Every call names the API version it was written against, whatever the account's default is. */
export const STRIPE_API_VERSION = "2024-06-20";

interface StripeBody extends Record<string, unknown> {
  id?: string;
  status?: string;
  error?: { type?: string; code?: string; message?: string; payment_intent?: { status?: string } };
}

/**
 * Stripe over `fetch`: a PaymentIntent confirmed with manual capture (authorize), then captured,
 * or cancelled (void) when the checkout does not go through; refunds through /v1/refunds.
 * Payment tokens are PaymentMethod ids (`pm_...`) made by Stripe.js.
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
        "stripe-version": STRIPE_API_VERSION,
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: (await res.json()) as StripeBody };
  }

  const amountFields = (amount: Money) => ({
    amount: String(amount.amount),
    currency: amount.currency.toLowerCase(),
  });

  const intentPath = (id: string, action: string) =>
    `payment_intents/${encodeURIComponent(id)}/${action}`;

  return {
    name: "stripe",
    acceptsToken: (token) => /^pm_[A-Za-z0-9_]+$/.test(token),

    async authorize({ amount, token, idempotencyKey, orderId }): Promise<AuthorizeResult> {
      const { status, body } = await call(
        "payment_intents",
        {
          ...amountFields(amount),
          ...(orderId ? { "metadata[order_id]": orderId } : {}),
          payment_method: token,
          confirm: "true",
          capture_method: "manual",
          "automatic_payment_methods[enabled]": "true",
          "automatic_payment_methods[allow_redirects]": "never",
        },
        idempotencyKey,
      );
      if (status === 402 || body.error?.type === "card_error") {
        return {
          ok: false,
          declined: true,
          code: body.error?.code ?? "card_declined",
          message: body.error?.message ?? "The card was declined.",
        };
      }
      if (status >= 400 || typeof body.id !== "string") {
        throw new Error(`stripe authorize failed with ${status}`);
      }
      // Only `requires_capture` holds the money. 3-D Secure (`requires_action`) cannot be done
      // from the server, so it is a decline the shopper can act on, never a silent success.
      if (body.status !== "requires_capture") {
        return {
          ok: false,
          declined: true,
          code: body.status === "requires_action" ? "authentication_required" : "card_declined",
          message:
            body.status === "requires_action"
              ? "The card needs authentication that this checkout cannot do."
              : "The card was declined.",
        };
      }
      return { ok: true, authorizationId: body.id };
    },

    async capture({ authorizationId, idempotencyKey }): Promise<CaptureResult> {
      const { status, body } = await call(
        intentPath(authorizationId, "capture"),
        {},
        idempotencyKey,
      );
      if (status === 400 || status === 402) {
        return { ok: false, message: body.error?.message ?? "The payment could not be captured." };
      }
      if (status >= 300 || typeof body.id !== "string") {
        throw new Error(`stripe capture failed with ${status}`);
      }
      return { ok: true, paymentId: body.id };
    },

    async void({ authorizationId, idempotencyKey }) {
      const { status, body } = await call(
        intentPath(authorizationId, "cancel"),
        {},
        idempotencyKey,
      );
      // Cancelling one that is already cancelled is the outcome we want.
      if (status === 400 && body.error?.payment_intent?.status === "canceled") return;
      if (status >= 300) throw new Error(`stripe cancel failed with ${status}`);
    },

    async refund({ paymentId, amount, idempotencyKey }) {
      const { status, body } = await call(
        "refunds",
        { payment_intent: paymentId, amount: String(amount.amount) },
        idempotencyKey,
      );
      if (status >= 300 || typeof body.id !== "string") {
        throw new Error(`stripe refund failed with ${status}`);
      }
      return { refundId: body.id };
    },
  };
}
