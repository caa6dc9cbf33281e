import { z } from "zod";

const intVar = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const ConfigSchema = z.object({
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
  emailProvider: z.enum(["local", "cloudflare", "resend"]).default("local"),
  emailFrom: z.email().default("orders@example.com"),
  // Goes into a From header as is: no quotes, angle brackets or line breaks.
  emailFromName: z
    .string()
    .regex(/^[^"<>\r\n]{1,100}$/)
    .default("Edge Storefront"),
  emailMaxAttempts: intVar(10).pipe(z.number().min(1).max(50)),
});

export type Config = z.infer<typeof ConfigSchema>;

type ConfigVars = Partial<
  Record<
    | "STORE_CURRENCY"
    | "SHIPPING_FLAT"
    | "FREE_SHIPPING_OVER"
    | "CATALOG_CACHE_TTL_SECONDS"
    | "AVAILABILITY_TTL_MS"
    | "TOKEN_TTL_SECONDS"
    | "CART_TTL_DAYS"
    | "HOLD_TTL_SECONDS"
    | "EMAIL_PROVIDER"
    | "EMAIL_FROM"
    | "EMAIL_FROM_NAME"
    | "EMAIL_MAX_ATTEMPTS",
    string
  >
>;

const parsed = new WeakMap<object, Config>();

/** Reads and validates the Worker's vars once per env object. A bad var fails loudly at first use. */
export function readConfig(env: ConfigVars): Config {
  let config = parsed.get(env);
  if (!config) {
    config = ConfigSchema.parse({
      storeCurrency: env.STORE_CURRENCY || undefined,
      shippingFlat: env.SHIPPING_FLAT || undefined,
      freeShippingOver: env.FREE_SHIPPING_OVER || undefined,
      catalogCacheTtlSeconds: env.CATALOG_CACHE_TTL_SECONDS || undefined,
      availabilityTtlMs: env.AVAILABILITY_TTL_MS || undefined,
      tokenTtlSeconds: env.TOKEN_TTL_SECONDS || undefined,
      cartTtlDays: env.CART_TTL_DAYS || undefined,
      holdTtlSeconds: env.HOLD_TTL_SECONDS || undefined,
      emailProvider: env.EMAIL_PROVIDER || undefined,
      emailFrom: env.EMAIL_FROM || undefined,
      emailFromName: env.EMAIL_FROM_NAME || undefined,
      emailMaxAttempts: env.EMAIL_MAX_ATTEMPTS || undefined,
    });
    parsed.set(env, config);
  }
  return config;
}
