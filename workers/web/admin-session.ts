import type { Context } from "hono";
import { isRevoked } from "../../src/auth/revoked-sessions";
import type { Actor } from "../../src/staff/audit";
import { staffOfSession } from "../../src/staff/staff-auth";
import type { AdminSession, AppEnv } from "../app-env";
import { ADMIN_COOKIE, adminSessionOf } from "../auth/tokens";
import { hostCookie } from "./cookies";

/**
 * The back-office session of this request, not signed out: one signed in with ADMIN_TOKEN (the
 * owner, while ADMIN_TOKEN is unchanged) or a live member's whose sessions were not ended since.
 * Read once per request.
 */
export async function adminSession(c: Context<AppEnv>): Promise<AdminSession | null> {
  const known = c.get("adminSession");
  if (known !== undefined) return known;
  const session = await readSession(c);
  c.set("adminSession", session);
  return session;
}

async function readSession(c: Context<AppEnv>): Promise<AdminSession | null> {
  const token = hostCookie(c, ADMIN_COOKIE);
  const claims = token ? await adminSessionOf(token, c.env.JWT_SECRET, c.env.ADMIN_TOKEN) : null;
  if (!claims) return null;
  const { sid, exp } = claims;
  if (!claims.staff) {
    if (await isRevoked(c.env.DB, sid)) return null;
    const actor: Actor = { kind: "dashboard", id: sid, name: "ADMIN_TOKEN", role: "owner" };
    return { sid, exp, actor, member: null };
  }
  const member = await staffOfSession(c.env.DB, {
    staffId: claims.staff.id,
    ver: claims.staff.ver,
    sid,
  });
  if (!member) return null;
  const actor: Actor = { kind: "staff", id: member.id, name: member.email, role: member.role };
  return { sid, exp, actor, member };
}

export const isAdmin = async (c: Context<AppEnv>) => (await adminSession(c)) !== null;
