import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import { logEvent } from "../../src/log";
import type { AppEnv } from "../app-env";

/**
 * One log line per request: method, route pattern (never the raw path, which can carry ids or
 * search words), status, duration, request id and the kind of shopper. `/healthz` is the
 * benchmarks' floor and stays silent.
 */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.path === "/healthz") return next();
  const started = Date.now();
  await next();
  logEvent("request", {
    method: c.req.method,
    route: routePath(c) || "(unmatched)",
    status: c.res.status,
    durationMs: Date.now() - started,
    requestId: c.get("requestId"),
    shopper: c.get("shopper")?.kind ?? "anonymous",
  });
});
