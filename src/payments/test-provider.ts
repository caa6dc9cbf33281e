import { setBounded } from "../bounded-map";
import { sha256Hex } from "../sha256-hex";
import type { PaymentProvider } from "./provider";

const TOKENS = { tok_visa: "approve", tok_decline: "decline" } as const;

async function digest(text: string): Promise<string> {
  return (await sha256Hex(text)).slice(0, 24);
}

interface Authorization {
  /** The authorize call's idempotency key (`<order id>:authorize` for checkouts). */
  key: string;
  amount: number;
  /** The authorize call's currency. */
  currency: string;
  /** `refunded` once refunds gave all of it back; a partly refunded one stays `captured`. */
  state: "authorized" | "captured" | "voided" | "refunded";
  /** How much the refunds gave back, together. */
  refunded?: number;
  /** Each refund, by its idempotency key: a key sent again refunds nothing more. */
  refunds?: Map<string, number>;
  /** Tests set it: this many refund calls fail (a provider outage) before they work again. */
  failRefunds?: number;
}

/**
 * What the test provider did in this isolate, by authorization id, so tests can count charges.
 * Like a real provider it refuses what money cannot do: capturing a voided authorization, voiding
 * a captured one, refunding one never captured. It keeps the latest LEDGER_SIZE authorizations,
 * so a long-running local server does not grow without end; one it has forgotten (or that
 * another isolate made) is taken as it is asked.
 */
export const testPaymentLedger = new Map<string, Authorization>();
const LEDGER_SIZE = 100_000;

const paymentIdOf = (authorizationId: string) => authorizationId.replace(/^auth_/, "pay_");
const authorizationOf = (paymentId: string) => paymentId.replace(/^pay_/, "auth_");

/**
 * The contract's built-in test provider: `tok_visa` is approved, `tok_decline` declined.
 * Ids derive from the idempotency key, so a repeated call answers the same, like a real provider.
 */
export const testPaymentProvider: PaymentProvider = {
  name: "test",
  acceptsToken: (token) => Object.hasOwn(TOKENS, token),
  async authorize({ amount, token, idempotencyKey }) {
    if (TOKENS[token as keyof typeof TOKENS] !== "approve") {
      return {
        ok: false,
        declined: true,
        code: "card_declined",
        message: "The card was declined.",
      };
    }
    const authorizationId = `auth_test_${await digest(idempotencyKey)}`;
    if (!testPaymentLedger.has(authorizationId)) {
      const authorization: Authorization = {
        key: idempotencyKey,
        amount: amount.amount,
        currency: amount.currency,
        state: "authorized",
      };
      setBounded(testPaymentLedger, authorizationId, authorization, LEDGER_SIZE);
    }
    return { ok: true, authorizationId };
  },
  async findAuthorization({ idempotencyKey }) {
    const authorizationId = `auth_test_${await digest(idempotencyKey)}`;
    return testPaymentLedger.has(authorizationId) ? authorizationId : null;
  },
  // Its authorizations never wait for the shopper, so one it knows is authorized.
  async authorization(authorizationId) {
    return testPaymentLedger.get(authorizationId)?.state === "authorized"
      ? { state: "authorized" }
      : { state: "failed", message: "The authorization is not held." };
  },
  async capture({ authorizationId }) {
    const auth = testPaymentLedger.get(authorizationId);
    if (auth?.state === "voided") return { ok: false, message: "The authorization was voided." };
    if (auth?.state === "authorized") auth.state = "captured";
    return { ok: true, paymentId: paymentIdOf(authorizationId) };
  },
  async void({ authorizationId }) {
    const auth = testPaymentLedger.get(authorizationId);
    if (auth && auth.state !== "authorized" && auth.state !== "voided") {
      throw new Error(`cannot void a ${auth.state} payment`);
    }
    if (auth) auth.state = "voided";
  },
  async refund({ paymentId, amount, idempotencyKey }) {
    const auth = testPaymentLedger.get(authorizationOf(paymentId));
    if (auth && auth.state !== "captured" && auth.state !== "refunded") {
      return { ok: false, message: `cannot refund a ${auth.state} payment` };
    }
    if (auth?.failRefunds) {
      auth.failRefunds -= 1;
      throw new Error("the test provider is down for refunds");
    }
    if (auth) {
      const refunds = auth.refunds ?? new Map<string, number>();
      if (!refunds.has(idempotencyKey)) {
        // As a card network would: never more back than was taken, in all.
        const before = [...refunds.values()].reduce((a, n) => a + n, 0);
        if (before + amount.amount > auth.amount) {
          return {
            ok: false,
            message: `cannot refund ${amount.amount} more of a payment of ${auth.amount} (${before} refunded)`,
          };
        }
        refunds.set(idempotencyKey, amount.amount);
      }
      auth.refunds = refunds;
      auth.refunded = [...refunds.values()].reduce((a, n) => a + n, 0);
      auth.state = auth.refunded >= auth.amount ? "refunded" : "captured";
    }
    return { ok: true, refundId: `re_test_${await digest(idempotencyKey)}` };
  },
};
