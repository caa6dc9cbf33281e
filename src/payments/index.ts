import type { PaymentProvider } from "./provider";
import { stripePaymentProvider } from "./stripe-provider";
import { testPaymentProvider } from "./test-provider";

/** The provider named by the `PAYMENT_PROVIDER` var: `test` (default) or `stripe` (needs STRIPE_SECRET_KEY). */
export function paymentProvider(env: {
  PAYMENT_PROVIDER?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_API_BASE?: string;
}): PaymentProvider {
  switch (env.PAYMENT_PROVIDER ?? "test") {
    case "test":
      return testPaymentProvider;
    case "stripe":
      if (!env.STRIPE_SECRET_KEY)
        throw new Error("PAYMENT_PROVIDER=stripe needs the STRIPE_SECRET_KEY secret");
      return stripePaymentProvider(env.STRIPE_SECRET_KEY, fetch, env.STRIPE_API_BASE || undefined);
    default:
      throw new Error(`unknown PAYMENT_PROVIDER ${env.PAYMENT_PROVIDER}`);
  }
}
