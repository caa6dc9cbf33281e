import type { Context } from "hono";
import { authenticateCustomer, emailKey } from "../../src/auth/customers";
import {
  FAILURE_WINDOW_SECONDS,
  type FailureLimit,
  recordFailure,
  tooManyFailures,
} from "../../src/auth/failed-attempts";
import { sessionOpen, sessionVersionOf } from "../../src/auth/sessions";
import { readConfig } from "../../src/config";
import { createDb } from "../../src/db/client";
import type { AppEnv } from "../app-env";
import { EdgeError } from "../problem";
import { issueToken, readToken, type ShopperClaims } from "./tokens";

/** A new token for the shopper; a customer's carries their current session version. */
export async function tokenFor(c: Context<AppEnv>, claims: ShopperClaims): Promise<string> {
  const ver =
    claims.kind === "customer" ? (claims.ver ?? (await sessionVersionOf(c.env.DB, claims.id))) : 0;
  return issueToken({ ...claims, ver }, c.env.JWT_SECRET, readConfig(c.env).tokenTtlSeconds);
}

/** The claims of a token whose session is still open (see `src/auth/sessions.ts`), else null. */
export async function openSession(
  c: Context<AppEnv>,
  token: string,
): Promise<ShopperClaims | null> {
  const claims = await readToken(token, c.env.JWT_SECRET);
  return claims && (await sessionOpen(c.env.DB, claims)) ? claims : null;
}

const rateLimited = (seconds = FAILURE_WINDOW_SECONDS) =>
  new EdgeError(
    "rate_limited",
    seconds > 60
      ? `Too many failed attempts: this account is locked for ${seconds / 60} minutes.`
      : "Too many attempts. Try again in a minute.",
    { "retry-after": String(seconds) },
  );

/**
 * The client's address as Cloudflare's edge sets it (a client cannot forge it there). Locally
 * there is none, and then no per-address limit applies: one shared "unknown" bucket would let one
 * client lock everybody out.
 */
const clientAddress = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip");

/** Sign-in and registration attempts per client address (30 a minute). */
export async function limitByAddress(c: Context<AppEnv>): Promise<void> {
  const ip = clientAddress(c);
  if (!ip) return;
  const { success } = await c.env.AUTH_IP_LIMITER.limit({ key: `ip:${ip}` });
  if (!success) throw rateLimited();
}

/**
 * Checks credentials with `verify` (null means wrong), refusing with 429 once `subject` (an email,
 * or the dashboard) failed too often from this address, or (with `lock`) from anywhere: a member
 * of staff's account locks after that many failures in its window. Only failures count.
 */
export async function checkCredentials<T>(
  c: Context<AppEnv>,
  subject: string,
  verify: () => Promise<T | null>,
  lock?: FailureLimit,
): Promise<T | null> {
  await limitByAddress(c);
  const key = `${subject}|${clientAddress(c) ?? "local"}`;
  if (await tooManyFailures(c.env.DB, key)) throw rateLimited();
  if (lock && (await tooManyFailures(c.env.DB, subject, lock))) {
    throw rateLimited(lock.windowSeconds);
  }
  const result = await verify();
  if (result === null) {
    await recordFailure(c.env.DB, key);
    if (lock) await recordFailure(c.env.DB, subject, lock);
  }
  return result;
}

/** A customer's sign-in, the same for the API and the pages. */
export function signInCustomer(c: Context<AppEnv>, email: string, password: string) {
  return checkCredentials(c, `email:${emailKey(email)}`, () =>
    authenticateCustomer(createDb(c.env.DB), email, password),
  );
}
