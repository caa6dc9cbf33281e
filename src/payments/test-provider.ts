import type { PaymentProvider } from "./provider";

const TOKENS = { tok_visa: "approve", tok_decline: "decline" } as const;

async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(bytes, 0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The contract's built-in test provider: `tok_visa` is approved, `tok_decline` declined.
 * Ids derive from the idempotency key, so a repeated call answers the same, like a real provider.
 */
export const testPaymentProvider: PaymentProvider = {
  name: "test",
  acceptsToken: (token) => Object.hasOwn(TOKENS, token),
  async authorize({ token, idempotencyKey }) {
    if (TOKENS[token as keyof typeof TOKENS] !== "approve") {
      return { ok: false, declined: true, message: "The card was declined." };
    }
    return { ok: true, authorizationId: `auth_test_${await digest(idempotencyKey)}` };
  },
  async capture({ idempotencyKey }) {
    return { paymentId: `pay_test_${await digest(idempotencyKey)}` };
  },
  async refund({ idempotencyKey }) {
    return { refundId: `re_test_${await digest(idempotencyKey)}` };
  },
};
