import type { Context, MiddlewareHandler } from "hono";
import type { Market } from "../../src/markets/market";
import type { AppEnv } from "../app-env";
import { MARKET_COOKIE, requestMarket } from "../market";
import { setHostCookie } from "./cookies";

/** A year: a shopper's choice of market outlives their session. */
const MARKET_COOKIE_MAX_AGE = 365 * 86_400;

/** The market a page is shown in, and the others the shopper may switch to. */
export interface MarketChoice {
  current: Market;
  markets: Market[];
  /** The page's own path, which the switcher reloads in the chosen market. */
  path: string;
}

export async function marketChoice(c: Context<AppEnv>): Promise<MarketChoice> {
  const { set, market } = await requestMarket(c);
  return { current: market, markets: set.markets, path: c.req.path };
}

/**
 * Remembers a page's explicit `?market=` in the shopper's cookie, so the next pages (and the
 * cart) stay in it; an unknown id is the request's 400, as on the API.
 */
export const rememberMarket: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "GET" && c.req.query("market") !== undefined) {
    const { market } = await requestMarket(c);
    setHostCookie(c, MARKET_COOKIE, market.id, { maxAge: MARKET_COOKIE_MAX_AGE });
  }
  await next();
};

/** A form that reloads the page in another market (no script needed); nothing with one market. */
export function MarketSwitcher({ choice }: { choice: MarketChoice }) {
  if (choice.markets.length < 2) return null;
  return (
    <form class="market-switcher" method="get" action={choice.path}>
      <label for="market-select">Shipping to</label>{" "}
      <select id="market-select" name="market">
        {choice.markets.map((m) => (
          <option value={m.id} selected={m.id === choice.current.id}>
            {`${m.name} (${m.currency})`}
          </option>
        ))}
      </select>{" "}
      <button type="submit" class="secondary">
        Change
      </button>
    </form>
  );
}
