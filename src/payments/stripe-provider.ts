import type { Money } from "../money";
import type {
  AuthorizationState,
  AuthorizeResult,
  CaptureResult,
  PaymentProvider,
} from "./provider";

type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

/** Every call names the API version it was written against, whatever the account's default is. */
export const STRIPE_API_VERSION = "2024-06-20";

/** Stripe's API, unless `STRIPE_API_BASE` points elsewhere (a local fake in tests). */
export const STRIPE_API_BASE = "https://api.stripe.com";

/** A lost authorization is looked for among the PaymentIntents of its order's window, give or take this. */
const LOOKUP_SLACK_SECONDS = 60;
/**
 * Whether Stripe refused a refund for good: the charge was refunded already, is disputed, or has
 * less left than asked. Any other 400 (an idempotency mismatch, a bad parameter) is thrown, so the
 * refund stays pending and is looked at rather than marked failed.
 */
const refusedForGood = (error: StripeBody["error"]) =>
  error?.code === "charge_already_refunded" ||
  error?.code === "charge_disputed" ||
  (error?.param === "amount" && /greater than (the )?unrefunded amount/i.test(error.message ?? ""));

/**
 * Pages of 100 PaymentIntents a lookup reads at most: more than 5,000 payments of the account in
 * one order's window fail the lookup (the undo is retried, and logs each failure).
 */
const LOOKUP_PAGES = 50;

interface StripeBody extends Record<string, unknown> {
  id?: string;
  metadata?: { order_id?: string };
  data?: StripeBody[];
  has_more?: boolean;
  status?: string;
  client_secret?: string;
  last_payment_error?: { message?: string } | null;
  error?: {
    type?: string;
    code?: string;
    param?: string;
    message?: string;
    payment_intent?: { status?: string };
  };
}

/**
 * Stripe over `fetch`, finalizing payments on the server: Stripe.js turns the Payment Element's
 * card into a ConfirmationToken (`ctoken_...`, or a PaymentMethod id `pm_...` from older
 * integrations); authorize creates and confirms a PaymentIntent with manual capture; a card that
 * needs 3-D Secure leaves it `requires_action` until the shopper authenticates in the browser.
 * Then it is captured, or cancelled (void) when the checkout does not go through; refunds go
 * through /v1/refunds.
 */
export function stripePaymentProvider(
  secretKey: string,
  fetchFn: FetchFn = fetch,
  apiBase: string = STRIPE_API_BASE,
): PaymentProvider {
  async function call(path: string, form: Record<string, string> | null, idempotencyKey?: string) {
    const res = await fetchFn(`${apiBase}/v1/${path}`, {
      method: form ? "POST" : "GET",
      headers: {
        authorization: `Bearer ${secretKey}`,
        "stripe-version": STRIPE_API_VERSION,
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
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
    acceptsToken: (token) => /^(pm|ctoken)_[A-Za-z0-9_]+$/.test(token),

    async authorize({ amount, token, idempotencyKey, orderId }): Promise<AuthorizeResult> {
      const { status, body } = await call(
        "payment_intents",
        {
          ...amountFields(amount),
          ...(orderId ? { "metadata[order_id]": orderId } : {}),
          [token.startsWith("ctoken_") ? "confirmation_token" : "payment_method"]: token,
          confirm: "true",
          capture_method: "manual",
          // Cards only, as the checkout page's Payment Element offers (the two must match).
          "payment_method_types[0]": "card",
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
      // Only `requires_capture` holds the money. 3-D Secure (`requires_action`) is done by the
      // shopper in the browser with the client secret; anything else is a decline.
      if (body.status === "requires_action" && typeof body.client_secret === "string") {
        return {
          ok: false,
          declined: false,
          authorizationId: body.id,
          clientSecret: body.client_secret,
        };
      }
      if (body.status !== "requires_capture") {
        return {
          ok: false,
          declined: true,
          code: "card_declined",
          message: body.last_payment_error?.message ?? "The card was declined.",
        };
      }
      return { ok: true, authorizationId: body.id };
    },

    /**
     * Pages through the PaymentIntents made in the order's window (a list, which Stripe answers
     * consistently, unlike its search) for the one whose metadata names it. The window is closed,
     * so later payments of the account never push it further away.
     */
    async findAuthorization({ orderId, since, until }) {
      const from = Math.floor(since / 1000) - LOOKUP_SLACK_SECONDS;
      const to = Math.ceil(until / 1000) + LOOKUP_SLACK_SECONDS;
      let after: string | undefined;
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        const query = new URLSearchParams({
          "created[gte]": String(from),
          "created[lte]": String(to),
          limit: "100",
        });
        if (after) query.set("starting_after", after);
        const { status, body } = await call(`payment_intents?${query}`, null);
        if (status >= 300) throw new Error(`stripe list failed with ${status}`);
        const intents = body.data ?? [];
        const found = intents.find((i) => i.metadata?.order_id === orderId);
        if (found?.id) return found.id;
        if (!body.has_more || intents.length === 0) return null;
        after = intents.at(-1)?.id;
      }
      throw new Error(`more than ${LOOKUP_PAGES * 100} PaymentIntents to look through`);
    },

    async authorization(authorizationId): Promise<AuthorizationState> {
      const { status, body } = await call(
        `payment_intents/${encodeURIComponent(authorizationId)}`,
        null,
      );
      if (status >= 300) throw new Error(`stripe retrieve failed with ${status}`);
      switch (body.status) {
        case "requires_capture":
          return { state: "authorized" };
        case "requires_action":
        case "processing":
          return { state: "authenticating", clientSecret: body.client_secret ?? "" };
        default:
          return {
            state: "failed",
            message: body.last_payment_error?.message ?? "The card was not authenticated.",
          };
      }
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
        // The shop's key marks the refund as the shop's own when Stripe reports it back.
        {
          payment_intent: paymentId,
          amount: String(amount.amount),
          "metadata[shop_refund]": idempotencyKey,
        },
        idempotencyKey,
      );
      if (status === 400 && refusedForGood(body.error)) {
        return { ok: false, message: body.error?.message ?? "The refund was refused." };
      }
      if (status >= 300 || typeof body.id !== "string") {
        throw new Error(`stripe refund failed with ${status}`);
      }
      return { ok: true, refundId: body.id };
    },
  };
}
