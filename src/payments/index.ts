import { type ConfigVars, liveProvider, readConfig } from "../config";
import type { PaymentProvider } from "./provider";
import { stripePaymentProvider } from "./stripe-provider";
import { testPaymentProvider } from "./test-provider";

/**
 * The provider named by `PAYMENT_PROVIDER`: `test` (the default outside production) or `stripe`
 * (needs STRIPE_SECRET_KEY). In production an unset or `test` provider is refused (503).
 */
export function paymentProvider(env: ConfigVars): PaymentProvider {
  const config = readConfig(env);
  switch (liveProvider(config, "paymentProvider")) {
    case "test":
      return testPaymentProvider;
    case "stripe":
      if (!config.stripe.secretKey)
        throw new Error("PAYMENT_PROVIDER=stripe needs the STRIPE_SECRET_KEY secret");
      return stripePaymentProvider(config.stripe.secretKey, fetch, config.stripe.apiBase);
  }
}
