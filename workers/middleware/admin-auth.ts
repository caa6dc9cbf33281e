import { createMiddleware } from "hono/factory";
import { secretsEqual } from "../../src/constant-time";
import { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { readToken } from "../auth/tokens";
import { EdgeError } from "../problem";

export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`; a shopper's token is 403, anything else 401. */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  const expected = c.env.ADMIN_TOKEN;
  if (!token || !expected || !(await secretsEqual(token, expected))) {
    if (token && (await readToken(token, c.env.JWT_SECRET))) {
      throw new AppError("forbidden", "Shopper tokens cannot use admin routes.");
    }
    throw new EdgeError("unauthorized", "This route needs the admin token.", {
      "www-authenticate": 'Bearer realm="admin"',
    });
  }
  await next();
});
