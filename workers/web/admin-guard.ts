import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { type Actor, auditStatement } from "../../src/staff/audit";
import type { AppEnv } from "../app-env";
import { adminSession } from "./admin-session";

/** The back office's doors open without a session: its sign-in page, sign-in and sign-out. */
const OPEN = new Set(["/admin", "/admin/login", "/admin/logout"]);

/**
 * Every other back-office page and form needs the admin session; without one, the sign-in page.
 * Each form that changes something and is not refused (an answer below 400) is written to the
 * audit log, as the admin API's changes are (`workers/middleware/admin-auth.ts`).
 */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (OPEN.has(c.req.path)) return next();
  const session = await adminSession(c);
  if (!session) return c.redirect("/admin", 303);
  if (c.req.method !== "POST") return next();
  const fields = await formOf(c);
  await next();
  if (c.res.status >= 400) return;
  const actor: Actor = { kind: "dashboard", id: session.sid, name: "back office", role: "owner" };
  await auditStatement(c.env.DB, actor, {
    action: `POST ${routePath(c) || c.req.path}`,
    target: decodeURIComponent(c.req.path.slice("/admin/".length)),
    changes: fields,
    requestId: c.get("requestId") ?? null,
  }).run();
};

/** A form's fields, for the log (hono keeps the body read, for the page to read again); uploads are not kept. */
async function formOf(c: Context<AppEnv>): Promise<Record<string, string> | undefined> {
  if (!c.req.header("content-type")?.startsWith("application/x-www-form-urlencoded")) {
    return undefined;
  }
  const form = new URLSearchParams(await c.req.text());
  return Object.fromEntries([...form].filter(([k]) => k !== "key" && k !== "returnTo"));
}
