import type { Context } from "hono";
import { isRevoked } from "../../src/auth/revoked-sessions";
import type { AppEnv } from "../app-env";
import { ADMIN_COOKIE, adminSessionOf } from "../auth/tokens";
import { hostCookie } from "./cookies";

/** The dashboard session of this request: issued under the current ADMIN_TOKEN and not logged out. */
export async function adminSession(c: Context<AppEnv>) {
  const token = hostCookie(c, ADMIN_COOKIE);
  const session = token ? await adminSessionOf(token, c.env.JWT_SECRET, c.env.ADMIN_TOKEN) : null;
  return session && !(await isRevoked(c.env.DB, session.sid)) ? session : null;
}

export const isAdmin = async (c: Context<AppEnv>) => (await adminSession(c)) !== null;
