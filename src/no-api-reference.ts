import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../workers/app-env";
import { AppError } from "./errors";

/**
 * workers/api-reference.ts as the Worker's bundle has it (`[alias]` in wrangler.toml). The OpenAPI
 * document and its page are static assets built at deploy time (scripts/build-openapi.mjs) and
 * served before the Worker runs, so its bundle leaves out their prose, their page and the
 * generator. A deployment made without those assets answers 503 on both paths, not a crash.
 */
export function apiReference(app: OpenAPIHono<AppEnv>) {
  const missing = () => {
    throw new AppError(
      "not_configured",
      "The API document is built at deploy time (npm run build writes dist/public); this deployment was made without it.",
    );
  };
  app.get("/api/v1/openapi.json", missing);
  app.get("/api/docs", missing);
}
