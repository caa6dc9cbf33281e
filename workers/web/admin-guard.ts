import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { isAdmin } from "./admin-session";

/** The back office's doors open without a session: its sign-in page, sign-in and sign-out. */
const OPEN = new Set(["/admin", "/admin/login", "/admin/logout"]);

/** Every other back-office page and form needs the admin session; without one, the sign-in page. */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (OPEN.has(c.req.path) || (await isAdmin(c))) return next();
  return c.redirect("/admin", 303);
};
