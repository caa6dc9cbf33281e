import type { Market, MarketSet } from "../src/markets/market";
import type { Actor } from "../src/staff/audit";
import type { ShopperClaims } from "./auth/tokens";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    shopper: ShopperClaims;
    /** Who acts on an admin route (see `workers/middleware/admin-auth.ts`). */
    actor: Actor;
    /** The request's market, once something asked for it (see `requestMarket`). */
    market: { set: MarketSet; market: Market };
    /** What an admin change is about to change, for its audit entry (`noteBefore`). */
    auditBefore: Record<string, unknown>;
  };
}
