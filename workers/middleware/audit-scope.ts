import type { Context, Next } from "hono";
import { routePath } from "hono/route";
import { type Actor, auditStatement } from "../../src/staff/audit";
import { auditedDb } from "../../src/staff/audited-db";
import type { AppEnv } from "../app-env";

/**
 * Runs a change with its audit entry: the route's D1 binding is one that writes the entry in the
 * same batch as the change's first write (`src/staff/audited-db.ts`), so a change that fails
 * leaves no entry and one that commits always has one. A change held by a Durable Object alone
 * (stock, say) has no D1 write to join; its entry is written once the route `succeeded`.
 * `changes` is `{ before?, after? }`: `after` the request's body, `before` what the route noted
 * (`noteBefore`) of the same fields.
 */
export async function auditedChange(
  c: Context<AppEnv>,
  next: Next,
  note: {
    actor: Actor;
    /** What the action and the target leave out of the path (`/api/v1/admin`). */
    base: { action: string; target: string };
    after: unknown;
    succeeded: (status: number) => boolean;
  },
) {
  const db = c.env.DB;
  const entry = () =>
    auditStatement(db, note.actor, {
      action: `${c.req.method} ${(routePath(c) || c.req.path).slice(note.base.action.length)}`,
      target: decodeURIComponent(c.req.path.slice(note.base.target.length)),
      changes: changesOf(c.get("auditBefore"), note.after),
      requestId: c.get("requestId") ?? null,
    });
  const audited = auditedDb(db, entry);
  c.env = { ...c.env, DB: audited.db };
  await next();
  if (!audited.written() && note.succeeded(c.res.status)) await entry().run();
}

/** Keeps what a route is about to change, for its audit entry's `before`. */
export function noteBefore(c: Context<AppEnv>, before: Record<string, unknown>) {
  c.set("auditBefore", before);
}

function changesOf(before: Record<string, unknown> | undefined, after: unknown) {
  if (before === undefined) return after === undefined ? undefined : { after };
  const named =
    after !== null && typeof after === "object" && !Array.isArray(after)
      ? Object.fromEntries(Object.keys(after).map((k) => [k, before[k] ?? null]))
      : before;
  return after === undefined ? { before: named } : { before: named, after };
}
