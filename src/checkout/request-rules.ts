import { AppError } from "../errors";
import type { PaymentProvider } from "../payments/provider";
import { giftCardKey, normalGiftCode } from "../promotions/gift-card-authority";
import { IDEMPOTENCY_KEY } from "../schemas/orders";

/**
 * The checks of a checkout request beyond its body schema, shared by the API and the web
 * checkout so that both take exactly the same requests.
 */
export function checkIdempotencyKey(key: string | undefined): string {
  if (!key) throw new AppError("idempotency_key_missing", "Send an Idempotency-Key header.");
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError("validation_failed", "The Idempotency-Key is not valid.", [
      { path: "Idempotency-Key", message: "8 to 255 visible ASCII characters" },
    ]);
  }
  return key;
}

export function checkPaymentToken(provider: PaymentProvider, token: string): void {
  if (!provider.acceptsToken(token)) {
    throw new AppError("validation_failed", "The payment token is not one this store accepts.", [
      { path: "payment.token", message: "not a payment token of this store's provider" },
    ]);
  }
}

/**
 * How a checkout request pays: the card's token (checked to be this store's) and the gift card,
 * by its key and last four (its code goes no further than this).
 */
export async function paymentOf(
  provider: PaymentProvider,
  input: { payment?: { token: string } | undefined; giftCard?: string | undefined },
): Promise<{ paymentToken?: string; giftCard?: { key: string; last4: string } }> {
  if (input.payment) checkPaymentToken(provider, input.payment.token);
  return {
    ...(input.payment ? { paymentToken: input.payment.token } : {}),
    ...(input.giftCard
      ? {
          giftCard: {
            key: await giftCardKey(input.giftCard),
            last4: normalGiftCode(input.giftCard).slice(-4),
          },
        }
      : {}),
  };
}
