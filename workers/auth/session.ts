import type { Context } from "hono";
import { emailKey } from "../../src/auth/customers";
import { readConfig } from "../../src/config";
import { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { issueToken, readToken, type ShopperClaims } from "./tokens";

const RATE_LIMIT_PERIOD_SECONDS = 60;

export function tokenFor(c: Context<AppEnv>, claims: ShopperClaims): Promise<string> {
  return issueToken(claims, c.env.JWT_SECRET, readConfig(c.env).tokenTtlSeconds);
}

/** Login and register attempts are limited per client IP and per email. */
export async function limitAttempts(c: Context<AppEnv>, email: string): Promise<void> {
  const ip = c.req.header("cf-connecting-ip") ?? "unknown";
  const [byIp, byEmail] = await Promise.all([
    c.env.AUTH_IP_LIMITER.limit({ key: `ip:${ip}` }),
    c.env.AUTH_EMAIL_LIMITER.limit({ key: `email:${emailKey(email)}` }),
  ]);
  if (!byIp.success || !byEmail.success) {
    throw new AppError("rate_limited", "Too many attempts. Try again in a minute.", undefined, {
      "retry-after": String(RATE_LIMIT_PERIOD_SECONDS),
    });
  }
}

export function cartStubFor(env: Env, shopperId: string) {
  return env.CART.get(env.CART.idFromName(shopperId));
}

/** Moves a guest's cart into a customer's at login; a token that is not a valid guest's is ignored. */
export async function mergeGuestCart(env: Env, guestToken: string | undefined, customerId: string) {
  const guest = guestToken ? await readToken(guestToken, env.JWT_SECRET) : null;
  if (guest?.kind !== "guest") return;
  const lines = await cartStubFor(env, guest.id).takeLines();
  if (lines.length === 0) return;
  await cartStubFor(env, customerId).mergeLines(lines);
}
