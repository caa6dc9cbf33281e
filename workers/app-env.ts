import type { Market, MarketSet } from "../src/markets/market";
import type { Actor } from "../src/staff/audit";
import type { StaffMember } from "../src/staff/members";
import type { ShopperClaims } from "./auth/tokens";

/** A back-office session (see `workers/web/admin-session.ts`). */
export interface AdminSession {
  sid: string;
  exp: number;
  /** Who acts in this session, with their role. */
  actor: Actor;
  /** The member of staff, or null for a session signed in with ADMIN_TOKEN. */
  member: StaffMember | null;
}

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
    /** The back-office session, once read (null: none). */
    adminSession: AdminSession | null;
  };
}
