import { type ConfigVars, readConfig } from "../config";

/** Stripe.js, which the checkout page loads from Stripe (never bundled or self-hosted). */
const STRIPE_JS_URL = "https://js.stripe.com/v3/";

/** The origins Stripe.js and its Payment Element use, as Stripe's CSP guide lists them. */
const STRIPE_ORIGINS = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
};

export interface StripeBrowserConfig {
  publishableKey: string;
  scriptUrl: string;
  /** What the checkout page's Content-Security-Policy adds to `'self'`, by directive. */
  origins: { script: string[]; frame: string[]; connect: string[] };
}

/** What the shop's checkout page needs to take cards with Stripe; null when payments are not Stripe's. */
export function stripeBrowserConfig(env: ConfigVars): StripeBrowserConfig | null {
  const { paymentProvider, stripe } = readConfig(env);
  if (paymentProvider !== "stripe") return null;
  if (!stripe.publishableKey) {
    throw new Error("PAYMENT_PROVIDER=stripe needs the STRIPE_PUBLISHABLE_KEY var");
  }
  // A local fake of Stripe in tests serves its own Stripe.js (and API).
  if (!stripe.jsUrl) {
    return {
      publishableKey: stripe.publishableKey,
      scriptUrl: STRIPE_JS_URL,
      origins: STRIPE_ORIGINS,
    };
  }
  const origin = new URL(stripe.jsUrl).origin;
  return {
    publishableKey: stripe.publishableKey,
    scriptUrl: stripe.jsUrl,
    origins: { script: [origin], frame: [origin], connect: [origin] },
  };
}
