import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { secretsEqual } from "../../src/constant-time";
import { AppError } from "../../src/errors";
import { keyOf } from "../../src/staff/api-keys";
import type { Actor } from "../../src/staff/audit";
import { may, permissionFor } from "../../src/staff/roles";
import type { AppEnv } from "../app-env";
import { readToken } from "../auth/tokens";
import { EdgeError } from "../problem";
import { auditedChange } from "./audit-scope";

export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

const ADMIN = "/api/v1/admin";
const CHANGES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Who a bearer token on an admin route is: ADMIN_TOKEN, the bootstrap owner credential, or an
 * API key (its role; its last use noted at most once a minute); null for anything else.
 */
async function actorOf(c: Context<AppEnv>, token: string): Promise<Actor | null> {
  const expected = c.env.ADMIN_TOKEN;
  if (expected && (await secretsEqual(token, expected))) {
    return { kind: "admin_token", id: "admin_token", name: "ADMIN_TOKEN", role: "owner" };
  }
  const found = await keyOf(c.env.DB, token);
  if (!found) return null;
  if (found.touch) c.executionCtx.waitUntil(found.touch.run());
  const { key } = found;
  return { kind: "api_key", id: key.id, name: key.name, role: key.role };
}

/**
 * Admin routes: `Authorization: Bearer <ADMIN_TOKEN or an API key>`; a shopper's token is 403,
 * anything else 401; a route the key's role may not use is 403 (`src/staff/roles.ts`). Each
 * change is written to the audit log with the change (who, what, on what, the request's body and
 * what the route noted before; `./audit-scope.ts`).
 */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  const actor = token ? await actorOf(c, token) : null;
  if (!actor) {
    if (token && (await readToken(token, c.env.JWT_SECRET))) {
      throw new AppError("forbidden", "Shopper tokens cannot use admin routes.");
    }
    throw new EdgeError("unauthorized", "This route needs the admin token or an API key.", {
      "www-authenticate": 'Bearer realm="admin"',
    });
  }
  const permission = permissionFor(c.req.method, c.req.path.slice(ADMIN.length));
  if (!may(actor.role, permission)) {
    throw new AppError(
      "forbidden",
      `This key's role (${actor.role}) may not use this route (it needs ${permission}).`,
    );
  }
  c.set("actor", actor);
  if (!CHANGES.has(c.req.method)) return next();
  await auditedChange(c, next, {
    actor,
    base: { action: ADMIN, target: `${ADMIN}/` },
    after: await bodyOf(c),
    succeeded: (status) => status < 300,
  });
});

/** The JSON body, for the log (hono keeps it read, for the route to read again); pictures are not kept. */
async function bodyOf(c: Context<AppEnv>): Promise<unknown> {
  if (!c.req.header("content-type")?.startsWith("application/json")) return undefined;
  try {
    return JSON.parse(await c.req.text());
  } catch {
    return undefined;
  }
}
