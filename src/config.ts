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
    | "HOLD_TTL_SECONDS",
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
    });
    parsed.set(env, config);
  }
  return config;
}
