import type { Market, MarketSet } from "../src/markets/market";
import type { ShopperClaims } from "./auth/tokens";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    shopper: ShopperClaims;
    /** The request's market, once something asked for it (see `requestMarket`). */
    market: { set: MarketSet; market: Market };
  };
}
