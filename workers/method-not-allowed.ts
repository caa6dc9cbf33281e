import type { Hono } from "hono";
import { PatternRouter } from "hono/router/pattern-router";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/**
 * Finds which methods an app's routes accept for a path, so a known path with the wrong method
 * can answer 405 with `allow` instead of 404.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env.
export function allowedMethods(app: Hono<any, any, any>) {
  let router: PatternRouter<string> | undefined;
  return (path: string): string[] => {
    if (!router) {
      router = new PatternRouter<string>();
      for (const route of app.routes) {
        if (route.method !== "ALL") router.add(route.method, route.path, route.method);
      }
    }
    const allowed = METHODS.filter((m) => {
      const [matches] = router?.match(m, path) ?? [[]];
      return matches.length > 0;
    });
    if (allowed.includes("GET") && !allowed.includes("HEAD")) allowed.push("HEAD");
    return allowed;
  };
}
