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

interface StripeEnv {
  PAYMENT_PROVIDER?: string;
  STRIPE_PUBLISHABLE_KEY?: string;
  /** Only for a local fake of Stripe in tests: where its Stripe.js (and API) are served. */
  STRIPE_JS_URL?: string;
}

/** What the shop's checkout page needs to take cards with Stripe; null when payments are not Stripe's. */
export function stripeBrowserConfig(env: StripeEnv): StripeBrowserConfig | null {
  if (env.PAYMENT_PROVIDER !== "stripe") return null;
  if (!env.STRIPE_PUBLISHABLE_KEY) {
    throw new Error("PAYMENT_PROVIDER=stripe needs the STRIPE_PUBLISHABLE_KEY var");
  }
  if (!env.STRIPE_JS_URL) {
    return {
      publishableKey: env.STRIPE_PUBLISHABLE_KEY,
      scriptUrl: STRIPE_JS_URL,
      origins: STRIPE_ORIGINS,
    };
  }
  const origin = new URL(env.STRIPE_JS_URL).origin;
  return {
    publishableKey: env.STRIPE_PUBLISHABLE_KEY,
    scriptUrl: env.STRIPE_JS_URL,
    origins: { script: [origin], frame: [origin], connect: [origin] },
  };
}
