import type { Context } from "hono";
import { readConfig } from "../../src/config";
import { newId } from "../../src/ids";
import type { AppEnv } from "../app-env";
import { openSession, tokenFor } from "../auth/session";
import { SESSION_COOKIE, type ShopperClaims } from "../auth/tokens";
import { clearHostCookie, hostCookie, setHostCookie } from "./cookies";

/** Each request's answer, asked once however many parts of a page ask. */
const asked = new WeakMap<Request, Promise<ShopperClaims | null>>();

/** The shopper of the session cookie, if it holds a valid token of a session still open. */
export function currentShopper(c: Context<AppEnv>): Promise<ShopperClaims | null> {
  let shopper = asked.get(c.req.raw);
  if (!shopper) {
    const token = hostCookie(c, SESSION_COOKIE);
    shopper = token ? openSession(c, token) : Promise.resolve(null);
    asked.set(c.req.raw, shopper);
  }
  return shopper;
}

export function sessionToken(c: Context<AppEnv>): string | undefined {
  return hostCookie(c, SESSION_COOKIE);
}

export function setSession(c: Context<AppEnv>, token: string): void {
  setHostCookie(c, SESSION_COOKIE, token, { maxAge: readConfig(c.env).tokenTtlSeconds });
}

export function clearSession(c: Context<AppEnv>): void {
  clearHostCookie(c, SESSION_COOKIE);
}

/** The session's shopper, or a new guest session started now (on a visitor's first cart action). */
export async function ensureShopper(c: Context<AppEnv>): Promise<ShopperClaims> {
  const existing = await currentShopper(c);
  if (existing) return existing;
  const guest: ShopperClaims = { id: newId("gst"), kind: "guest" };
  setSession(c, await tokenFor(c, guest));
  return guest;
}
