import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { except } from "hono/combine";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { MAX_IMAGE_BYTES } from "../src/catalog/image-upload";
import { AppError } from "../src/errors";
import { logEvent } from "../src/log";
import { stripeBrowserConfig } from "../src/payments/stripe-browser";
import type { AppEnv } from "./app-env";
import { allowedMethods } from "./method-not-allowed";
import { imageBodiesOnly } from "./middleware/image-body";
import { jsonBodiesOnly } from "./middleware/json-body";
import { requestLog } from "./middleware/request-log";
import { EdgeError, problem, statusOf, toAppError } from "./problem";
import { validationHook } from "./validation";

/** How a person on a page is told what went wrong (the shop's page, or the back office's). */
export type ErrorPage = (c: Context<AppEnv>, err: AppError) => Promise<Response>;

const MAX_BODY_BYTES = 64 * 1024;
/** The routes that take a product picture: the API's raw bytes, and the back office's forms. */
const IMAGE_UPLOADS_API = [
  "/api/v1/admin/products/:slug/image",
  "/api/v1/admin/products/:slug/images",
];
const IMAGE_UPLOAD_FORMS = ["/admin/product-image", "/admin/products/:slug/images", "/admin/theme"];

/** API clients get RFC 9457 problems; people on the shop's pages get a page. */
const isApi = (path: string) => path.startsWith("/api/") || path.startsWith("/webhooks/");

/**
 * The origins Stripe.js needs for `directive`, on the checkout page of a Stripe store only: every
 * other page keeps loading nothing from elsewhere.
 */
const stripeOnCheckout = (directive: "script" | "frame" | "connect") => (c: Context<AppEnv>) =>
  c.req.path === "/checkout"
    ? (stripeBrowserConfig(c.env)?.origins[directive].join(" ") ?? "")
    : "";

/**
 * An app with what every request to either Worker goes through first (the shop's, and the back
 * office's behind it): a request id, the request log, security headers, body limits and body types.
 */
export function createApp(errorPage: ErrorPage) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(requestId());
  app.use(requestLog);
  app.use(
    secureHeaders({
      // A route that sets a header of its own keeps it (the back office's email preview).
      overwrite: false,
      // Pages load only this site's own stylesheet, script and images; nothing inline.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", stripeOnCheckout("script")],
        frameSrc: ["'self'", stripeOnCheckout("frame")],
        connectSrc: ["'self'", stripeOnCheckout("connect")],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:", "https:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    }),
  );
  /** Refuses a body over `maxSize` bytes with 413, before anything reads it. */
  const limitBody = (maxSize: number, limit: string) =>
    bodyLimit({
      maxSize,
      onError: (c: Context) => {
        const err = new AppError("payload_too_large", `The request body is larger than ${limit}.`);
        return isApi(c.req.path) ? problem(c, err) : errorPage(c, err);
      },
    });
  // One limit for every body, the API's and the pages' forms alike; only pictures may be larger.
  app.use(
    except([...IMAGE_UPLOADS_API, ...IMAGE_UPLOAD_FORMS], limitBody(MAX_BODY_BYTES, "64 KiB")),
  );
  for (const path of IMAGE_UPLOADS_API) app.use(path, limitBody(MAX_IMAGE_BYTES, "5 MiB"));
  // A form's multipart envelope and other fields come on top of the picture.
  for (const path of IMAGE_UPLOAD_FORMS) {
    app.use(path, limitBody(MAX_IMAGE_BYTES + MAX_BODY_BYTES, "5 MiB"));
  }
  app.use("/api/*", except(IMAGE_UPLOADS_API, jsonBodiesOnly));
  for (const path of IMAGE_UPLOADS_API) app.use(path, imageBodiesOnly);

  app.get("/healthz", (c) => c.text("ok"));
  return app;
}

/**
 * Answers what no route answered and what threw: a problem to API clients, a page to people,
 * and 405 with `allow` for a known path asked with another method. Call once every route is on.
 */
export function handleErrors(app: OpenAPIHono<AppEnv>, errorPage: ErrorPage) {
  app.onError((err, c) => {
    const appError = toAppError(err);
    if (statusOf(appError.code) >= 500) {
      logEvent("unhandled_error", { requestId: c.get("requestId"), error: String(err) }, "error");
    }
    return isApi(c.req.path) ? problem(c, appError) : errorPage(c, appError);
  });

  const allowed = allowedMethods(app);
  app.notFound((c) => {
    const methods = allowed(c.req.path);
    const err =
      methods.length > 0 && !methods.includes(c.req.method)
        ? new EdgeError("method_not_allowed", `Use ${methods.join(", ")} on this path.`, {
            allow: methods.join(", "),
          })
        : new AppError("not_found", "There is nothing at this address.");
    return isApi(c.req.path) ? problem(c, err) : errorPage(c, err);
  });
}
