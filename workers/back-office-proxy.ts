import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError } from "../src/errors";
import type { AppEnv } from "./app-env";

export { shopErrorPage as errorPage } from "./web/error-page";

/**
 * workers/back-office.ts as the shop Worker's bundle has it (`[alias]` in wrangler.toml): the
 * back office runs as a Worker of its own (back-office.toml), so the shop's bundle leaves out its
 * pages and its API and hands their requests to it over the BACK_OFFICE service binding, after
 * its own checks (request id, body limits and types) and before any of the shop's (its forms,
 * its market cookie). Each Worker stays within its size budget and the shop's cold start is not
 * paid for pages shoppers never open.
 */
async function forward(c: Context<AppEnv>) {
  if (!c.env.BACK_OFFICE) {
    throw new AppError("not_configured", "The back office's Worker is not bound to this one.");
  }
  const request = new Request(c.req.raw);
  // One id for the request in both Workers' logs (hono's requestId takes a valid incoming one).
  request.headers.set("x-request-id", c.get("requestId"));
  const answer = await c.env.BACK_OFFICE.fetch(request);
  // Its status and headers, with the shop's middleware's (the request id) on top.
  return c.newResponse(answer.body, answer);
}

export const backOfficeApi = new OpenAPIHono<AppEnv>().all("*", forward);

export const backOfficePages = new Hono<AppEnv>().all("/admin", forward).all("/admin/*", forward);
