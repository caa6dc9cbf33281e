import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { CartPlace } from "../durable-objects/cart-contract";
import { readConfig } from "../src/config";
import { marketFallback, marketSet } from "../src/markets/load";
import {
  defaultMarket,
  type Market,
  type MarketSet,
  marketById,
  type PriceList,
  priceListOf,
} from "../src/markets/market";
import { resolveMarket } from "../src/markets/resolve";
import type { AppEnv } from "./app-env";
import { catalogDeps } from "./deps";

/** The cookie that remembers a shopper's choice of market (`__Host-market`; plain `market` is read too). */
export const MARKET_COOKIE = "market";

/** The markets, cached like the catalog: a change in the back office shows on the next read. */
export function marketsOf(c: Context<AppEnv>): Promise<MarketSet> {
  return marketSet({ ...catalogDeps(c), fallback: marketFallback(readConfig(c.env)) });
}

/** The country Cloudflare located the request in, if it did. */
export function requestCountry(c: Context<AppEnv>): string | undefined {
  const country = (c.req.raw.cf as { country?: unknown } | undefined)?.country;
  return typeof country === "string" && /^[A-Z]{2}$/.test(country) ? country : undefined;
}

/**
 * The request's market (see `resolveMarket`): `?market`, `x-market`, the cookie, the request's
 * country, the default. Resolved once per request; an unknown explicit id is a 400.
 */
export async function requestMarket(
  c: Context<AppEnv>,
): Promise<{ set: MarketSet; market: Market }> {
  const known = c.get("market");
  if (known) return known;
  const set = await marketsOf(c);
  const market = resolveMarket(set, {
    query: c.req.query("market"),
    header: c.req.header("x-market"),
    cookie: getCookie(c, MARKET_COOKIE, "host") ?? getCookie(c, MARKET_COOKIE),
    country: requestCountry(c),
  });
  const resolved = { set, market };
  c.set("market", resolved);
  return resolved;
}

/** The prices the request's market shows. */
export async function requestPriceList(c: Context<AppEnv>): Promise<PriceList> {
  const { set, market } = await requestMarket(c);
  return priceListOf(set, market);
}

/** The default market's prices: the variants' own, which the admin API and back office edit. */
export async function defaultPriceList(c: Context<AppEnv>): Promise<PriceList> {
  const set = await marketsOf(c);
  return priceListOf(set, defaultMarket(set));
}

/**
 * Where a cart request comes from: its market, and the place its tax and shipping are estimated
 * for: `?country=` (else the country Cloudflare located the request in), `?region=` and
 * `?shippingMethod=`, as a checkout of that address and method would price it.
 */
export async function cartPlace(c: Context<AppEnv>): Promise<CartPlace> {
  const { market } = await requestMarket(c);
  const query = (name: string, pattern: RegExp) => {
    const value = c.req.query(name)?.trim();
    return value && pattern.test(value) ? value : undefined;
  };
  return {
    market: market.id,
    country: query("country", /^[A-Z]{2}$/) ?? requestCountry(c),
    region: query("region", /^[A-Za-z0-9 -]{1,40}$/),
    shippingMethod: query("shippingMethod", /^[a-z][a-z0-9-]{0,31}$/),
  };
}

/** The locale of market `id`, from the cached market set (en-US for a market that is gone). */
export async function marketLocaleOf(c: Context<AppEnv>, id: string): Promise<string> {
  return marketById(await marketsOf(c), id)?.locale ?? "en-US";
}
