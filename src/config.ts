import * as z from "zod";
import { AppError } from "./errors";
import { logEvent } from "./log";

/** Who ships paid orders: see `src/fulfillment/fulfill.ts`. */
export const FULFILLMENT_PROVIDERS = ["simulated", "manual", "webhook"] as const;
export type FulfillmentProviderName = (typeof FULFILLMENT_PROVIDERS)[number];

const intVar = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const optionalText = z.string().min(1).optional();

const ConfigSchema = z.object({
  /** Where this Worker runs: `local` (npm start, tests), `staging` or `production`. */
  deployment: z.enum(["local", "staging", "production"]).default("local"),
  storeCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default("USD"),
  shippingFlat: intVar(500),
  freeShippingOver: intVar(5000),
  catalogCacheTtlSeconds: intVar(86_400).pipe(z.number().min(60)),
  availabilityTtlMs: intVar(2_000).pipe(z.number().max(4_000)),
  tokenTtlSeconds: intVar(7 * 86_400).pipe(z.number().min(60)),
  cartTtlDays: intVar(30).pipe(z.number().min(1)),
  holdTtlSeconds: intVar(600).pipe(z.number().min(10)),
  /** No default in production: it must be chosen there (see `liveProvider`). */
  paymentProvider: z.enum(["test", "stripe"]).optional(),
  stripe: z.object({
    secretKey: optionalText,
    publishableKey: optionalText,
    webhookSecret: optionalText,
    /** Only for a local fake of Stripe in tests: its API, and where its Stripe.js is served. */
    apiBase: z.url().optional(),
    jsUrl: z.url().optional(),
  }),
  emailProvider: z.enum(["local", "cloudflare", "resend"]).optional(),
  resendApiKey: optionalText,
  emailFrom: z.email().default("orders@example.com"),
  // Goes into a From header as is: no quotes, angle brackets or line breaks.
  emailFromName: z
    .string()
    .regex(/^[^"<>\r\n]{1,100}$/)
    .default("Edge Storefront"),
  emailMaxAttempts: intVar(10).pipe(z.number().min(1).max(50)),
  /** Days after an order's last parcel left during which its shopper may ask to return units. */
  returnWindowDays: intVar(30).pipe(z.number().max(365)),
  /** Unset: `simulated` locally (npm start shows orders ship), `manual` when deployed. */
  fulfillmentProvider: z.enum(FULFILLMENT_PROVIDERS).optional(),
  fulfillmentWebhookUrl: z.url().optional(),
  fulfillmentWebhookSecret: optionalText,
  /** Lets tests plant failures in checkout and cancel steps; wrangler.toml never sets it. */
  checkoutFaults: z.boolean(),
});

export type Config = z.infer<typeof ConfigSchema>;

export type ConfigVars = Partial<
  Record<
    | "DEPLOYMENT"
    | "STORE_CURRENCY"
    | "SHIPPING_FLAT"
    | "FREE_SHIPPING_OVER"
    | "CATALOG_CACHE_TTL_SECONDS"
    | "AVAILABILITY_TTL_MS"
    | "TOKEN_TTL_SECONDS"
    | "CART_TTL_DAYS"
    | "HOLD_TTL_SECONDS"
    | "PAYMENT_PROVIDER"
    | "STRIPE_SECRET_KEY"
    | "STRIPE_PUBLISHABLE_KEY"
    | "STRIPE_WEBHOOK_SECRET"
    | "STRIPE_API_BASE"
    | "STRIPE_JS_URL"
    | "EMAIL_PROVIDER"
    | "RESEND_API_KEY"
    | "EMAIL_FROM"
    | "EMAIL_FROM_NAME"
    | "EMAIL_MAX_ATTEMPTS"
    | "RETURN_WINDOW_DAYS"
    | "FULFILLMENT_PROVIDER"
    | "FULFILLMENT_WEBHOOK_URL"
    | "FULFILLMENT_WEBHOOK_SECRET"
    | "CHECKOUT_FAULTS",
    string
  >
>;

const parsed = new WeakMap<object, Config>();

/**
 * Reads and validates every var and secret of the Worker once per env object: nothing else reads
 * them. A bad value fails loudly at first use.
 */
export function readConfig(env: ConfigVars): Config {
  let config = parsed.get(env);
  if (!config) {
    const text = (value: string | undefined) => value || undefined;
    config = ConfigSchema.parse({
      deployment: text(env.DEPLOYMENT),
      storeCurrency: text(env.STORE_CURRENCY),
      shippingFlat: text(env.SHIPPING_FLAT),
      freeShippingOver: text(env.FREE_SHIPPING_OVER),
      catalogCacheTtlSeconds: text(env.CATALOG_CACHE_TTL_SECONDS),
      availabilityTtlMs: text(env.AVAILABILITY_TTL_MS),
      tokenTtlSeconds: text(env.TOKEN_TTL_SECONDS),
      cartTtlDays: text(env.CART_TTL_DAYS),
      holdTtlSeconds: text(env.HOLD_TTL_SECONDS),
      paymentProvider: text(env.PAYMENT_PROVIDER),
      stripe: {
        secretKey: text(env.STRIPE_SECRET_KEY),
        publishableKey: text(env.STRIPE_PUBLISHABLE_KEY),
        webhookSecret: text(env.STRIPE_WEBHOOK_SECRET),
        apiBase: text(env.STRIPE_API_BASE),
        jsUrl: text(env.STRIPE_JS_URL),
      },
      emailProvider: text(env.EMAIL_PROVIDER),
      resendApiKey: text(env.RESEND_API_KEY),
      emailFrom: text(env.EMAIL_FROM),
      emailFromName: text(env.EMAIL_FROM_NAME),
      emailMaxAttempts: text(env.EMAIL_MAX_ATTEMPTS),
      returnWindowDays: text(env.RETURN_WINDOW_DAYS),
      fulfillmentProvider: text(env.FULFILLMENT_PROVIDER),
      fulfillmentWebhookUrl: text(env.FULFILLMENT_WEBHOOK_URL),
      fulfillmentWebhookSecret: text(env.FULFILLMENT_WEBHOOK_SECRET),
      checkoutFaults: env.CHECKOUT_FAULTS === "on",
    });
    parsed.set(env, config);
  }
  return config;
}

/** Outside production an unset provider is the local one: test cards, emails kept in D1. */
const LOCAL_PROVIDERS = { paymentProvider: "test", emailProvider: "local" } as const;
const SETTINGS = { paymentProvider: "PAYMENT_PROVIDER", emailProvider: "EMAIL_PROVIDER" } as const;
const REFUSALS = {
  paymentProvider: "take payments yet (PAYMENT_PROVIDER). Nothing was charged",
  emailProvider: "send emails yet (EMAIL_PROVIDER). They stay queued",
} as const;

/** The provider in effect, if any: outside production an unset one is the local one. */
export function chosenProvider<K extends keyof typeof LOCAL_PROVIDERS>(
  config: Config,
  kind: K,
): Config[K] {
  if (config.deployment === "production") return config[kind];
  return (config[kind] ?? LOCAL_PROVIDERS[kind]) as Config[K];
}

/**
 * The payment or email provider to use. Production fails closed: a provider left unset or set to
 * the local one (test cards that always pay, emails that go nowhere) is refused with a 503 and a
 * log line naming the setting, so no order is paid with `tok_visa` and no email reported sent.
 */
export function liveProvider<K extends keyof typeof LOCAL_PROVIDERS>(
  config: Config,
  kind: K,
): NonNullable<Config[K]> {
  const chosen = chosenProvider(config, kind);
  if (config.deployment !== "production") return chosen as never;
  if (chosen !== undefined && chosen !== LOCAL_PROVIDERS[kind]) return chosen as never;
  const setting = SETTINGS[kind];
  logEvent(
    "config_refused",
    { setting, value: chosen ?? null, deployment: config.deployment },
    "error",
  );
  throw new AppError(
    "not_configured",
    `This store is not set up to ${REFUSALS[kind]}; try again later.`,
  );
}

/** The fulfillment provider in effect: unset, `simulated` locally and `manual` when deployed. */
export const fulfillmentProviderOf = (config: Config): FulfillmentProviderName =>
  config.fulfillmentProvider ?? (config.deployment === "local" ? "simulated" : "manual");
