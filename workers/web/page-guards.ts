import type { MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";

/**
 * Every form posts back to its own origin: hono's csrf check refuses a form post whose Origin is
 * another site. Pages only: API calls never come with a form.
 */
const checkOrigin = csrf();
export const sameOriginForms: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.path.startsWith("/api/") ? next() : checkOrigin(c, next);

/**
 * Reads a posted form once, up front: a body that does not parse as its content-type says (a
 * broken multipart envelope) is the sender's mistake, a 400, not a 500 in whichever page reads it.
 * Hono keeps the parsed form, so the page's own `parseBody()` reads it again for free.
 */
export const readableForm: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "POST" && !c.req.path.startsWith("/api/")) {
    await c.req.parseBody().catch(() => {
      throw new AppError("validation_failed", "The form's content could not be read.");
    });
  }
  await next();
};

/** Keeps a page that shows a shopper's (or the merchant's) own data out of every cache. */
export const privatePage: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header("cache-control", "private, no-store");
};
