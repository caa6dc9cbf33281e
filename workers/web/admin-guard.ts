import type { Context, MiddlewareHandler } from "hono";
import type { Actor } from "../../src/staff/audit";
import type { AppEnv } from "../app-env";
import { auditedChange } from "../middleware/audit-scope";
import { adminSession } from "./admin-session";

/** The back office's doors open without a session: its sign-in page, sign-in and sign-out. */
const OPEN = new Set(["/admin", "/admin/login", "/admin/logout"]);

/**
 * Every other back-office page and form needs the admin session; without one, the sign-in page.
 * Each form that changes something is written to the audit log with the change, as the admin
 * API's changes are (`workers/middleware/audit-scope.ts`).
 */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (OPEN.has(c.req.path)) return next();
  const session = await adminSession(c);
  if (!session) return c.redirect("/admin", 303);
  if (c.req.method !== "POST") return next();
  const actor: Actor = { kind: "dashboard", id: session.sid, name: "back office", role: "owner" };
  await auditedChange(c, next, {
    actor,
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
