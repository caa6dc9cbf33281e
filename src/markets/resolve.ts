import { AppError } from "../errors";
import { defaultMarket, type Market, type MarketSet, marketById } from "./market";

/** What a request says about its market, strongest first (see `resolveMarket`). */
export interface MarketHints {
  /** `?market=<id>` */
  query?: string | undefined;
  /** The `x-market` header (API). */
  header?: string | undefined;
  /** The shop's `market` cookie (pages). */
  cookie?: string | undefined;
  /** The country Cloudflare reports for the request (`request.cf.country`). */
  country?: string | undefined;
}

/**
 * The request's market: its explicit choice (`?market`, then `x-market`), else the shopper's
 * cookie, else the market of the country the request comes from, else the default. An explicit id
 * that names no market is a 400; a cookie that names one no longer there is ignored (the market
 * may have been removed since it was set).
 */
export function resolveMarket(set: MarketSet, hints: MarketHints): Market {
  for (const [field, id] of [
    ["market", hints.query],
    ["x-market", hints.header],
  ] as const) {
    if (id === undefined) continue;
    const market = marketById(set, id);
    if (!market) throw unknownMarket(set, field, id);
    return market;
  }
  const fromCookie = hints.cookie === undefined ? undefined : marketById(set, hints.cookie);
  if (fromCookie) return fromCookie;
  const country = hints.country?.toUpperCase();
  const fromCountry = country ? set.markets.find((m) => m.countries.includes(country)) : undefined;
  return fromCountry ?? defaultMarket(set);
}

function unknownMarket(set: MarketSet, field: string, id: string): AppError {
  const known = set.markets.map((m) => m.id).join(", ");
  return new AppError(
    "validation_failed",
    `There is no market ${JSON.stringify(id.slice(0, 40))}.`,
    [{ path: field, message: `one of: ${known}` }],
  );
}
