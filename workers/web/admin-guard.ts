import type { Context, MiddlewareHandler } from "hono";
import { mayOpen } from "../../src/staff/roles";
import type { AppEnv } from "../app-env";
import { auditedChange } from "../middleware/audit-scope";
import { refusedPage } from "./admin-refused";
import { adminSession } from "./admin-session";

/** The back office's doors open without a session: sign-in, sign-out, an invitation's page. */
const OPEN = new Set(["/admin", "/admin/login", "/admin/logout", "/admin/invite"]);

/**
 * Every other back-office page and form needs a session (without one, the sign-in page) whose
 * role may use it (`pagePermissionFor` in `src/staff/roles.ts`; else 403). Each form that changes
 * something is written to the audit log with the change, as the admin API's changes are
 * (`workers/middleware/audit-scope.ts`).
 */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (OPEN.has(c.req.path)) return next();
  const session = await adminSession(c);
  if (!session) return c.redirect("/admin", 303);
  const method = c.req.method === "POST" ? "POST" : "GET";
  if (!mayOpen(session.actor.role, method, c.req.path)) return refusedPage(c, session.actor.role);
  if (c.req.method !== "POST") return next();
  await auditedChange(c, next, {
    actor: session.actor,
    base: { action: "", target: "/admin/" },
    after: await formOf(c),
    succeeded: (status) => status < 400,
  });
};

/** A form's fields, for the log (hono keeps the body read, for the page to read again); uploads are not kept. */
async function formOf(c: Context<AppEnv>): Promise<Record<string, string> | undefined> {
  if (!c.req.header("content-type")?.startsWith("application/x-www-form-urlencoded")) {
    return undefined;
  }
  const form = new URLSearchParams(await c.req.text());
  return Object.fromEntries([...form].filter(([k]) => k !== "key" && k !== "returnTo"));
}
