import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { readToken, SESSION_COOKIE } from "../auth/tokens";
import { bearerToken } from "./admin-auth";

/** Routes for shoppers: a valid token (header or session cookie), else 401. */
export const shopperAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization")) ?? getCookie(c, SESSION_COOKIE) ?? null;
  const shopper = token ? await readToken(token, c.env.JWT_SECRET) : null;
  if (!shopper) {
    throw new AppError("unauthorized", "Sign in or start a guest session first.", undefined, {
      "www-authenticate": 'Bearer realm="shop"',
    });
  }
  c.set("shopper", shopper);
  await next();
});
