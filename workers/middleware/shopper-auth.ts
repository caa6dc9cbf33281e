import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { openSession } from "../auth/session";
import { SESSION_COOKIE } from "../auth/tokens";
import { EdgeError } from "../problem";
import { bearerToken } from "./admin-auth";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Routes for shoppers: a valid token (header or session cookie), else 401. A browser sends the
 * cookie with any request, from any site, so a state-changing call authenticated only by the
 * cookie must come from this site's own pages (the same Origin check as the forms), else 403.
 * Every answer carries the shopper's own data: `private, no-store`.
 */
export const shopperAuth = createMiddleware<AppEnv>(async (c, next) => {
  c.header("cache-control", "private, no-store");
  const bearer = bearerToken(c.req.header("authorization"));
  const token = bearer ?? getCookie(c, SESSION_COOKIE, "host") ?? null;
  const shopper = token ? await openSession(c, token) : null;
  if (!shopper) {
    throw new EdgeError(
      "unauthorized",
      token
        ? "This session has ended or is not valid: sign in again, or start a guest session."
        : "Sign in or start a guest session first.",
      { "www-authenticate": 'Bearer realm="shop"' },
    );
  }
  if (!bearer && !SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header("origin");
    if (origin !== new URL(c.req.url).origin) {
      throw new AppError(
        "forbidden",
        "A request authenticated by the session cookie must come from this site's pages; API clients send a bearer token.",
      );
    }
  }
  c.set("shopper", shopper);
  await next();
});
