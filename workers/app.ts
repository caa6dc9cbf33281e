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
import { passwordResetRoutes, sessionRoutes } from "./api/account-auth";
import { addressRoutes } from "./api/addresses";
import { adminCatalogRoutes } from "./api/admin-catalog";
import { adminCustomerRoutes } from "./api/admin-customers";
import { adminDiscountRoutes } from "./api/admin-discounts";
import { adminEmailRoutes } from "./api/admin-emails";
import { adminInventoryRoutes } from "./api/admin-inventory";
import { adminMarketRoutes } from "./api/admin-markets";
import { adminOrderRoutes } from "./api/admin-orders";
import { adminRefundRoutes } from "./api/admin-refunds";
import { adminStaffRoutes } from "./api/admin-staff";
import { adminStaffMemberRoutes } from "./api/admin-staff-members";
import { adminWebhookRoutes } from "./api/admin-webhooks";
import { authRoutes, meRoutes } from "./api/auth";
import { cartRoutes } from "./api/cart";
import { catalogRoutes } from "./api/catalog";
import { checkoutRoutes } from "./api/checkout";
import { adminGiftCardRoutes, giftCardRoutes } from "./api/gift-cards";
import { marketRoutes } from "./api/markets";
import { orderRoutes } from "./api/orders";
import { adminReturnRoutes, returnRoutes } from "./api/returns";
import { adminShipmentRoutes, warehouseRoutes } from "./api/shipments";
import { apiReference } from "./api-reference";
import type { AppEnv } from "./app-env";
import { allowedMethods } from "./method-not-allowed";
import { adminAuth } from "./middleware/admin-auth";
import { imageBodiesOnly } from "./middleware/image-body";
import { jsonBodiesOnly } from "./middleware/json-body";
import { requestLog } from "./middleware/request-log";
import { shopperAuth } from "./middleware/shopper-auth";
import { EdgeError, problem, statusOf, toAppError } from "./problem";
import { validationHook } from "./validation";
import { webRoutes } from "./web";
import { errorPage } from "./web/error-page";
import { webhookRoutes } from "./webhooks/stripe";

const MAX_BODY_BYTES = 64 * 1024;
/** The routes that take a product picture: the API's raw bytes, and the dashboard's form. */
const IMAGE_UPLOAD_API = "/api/v1/admin/products/:slug/image";
const IMAGE_UPLOAD_FORM = "/admin/product-image";

export const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/** API clients get RFC 9457 problems; people on the shop's pages get a page. */
const isApi = (path: string) => path.startsWith("/api/") || path.startsWith("/webhooks/");

app.use(requestId());
app.use(requestLog);
/**
 * The origins Stripe.js needs for `directive`, on the checkout page of a Stripe store only: every
 * other page keeps loading nothing from elsewhere.
 */
const stripeOnCheckout = (directive: "script" | "frame" | "connect") => (c: Context<AppEnv>) =>
  c.req.path === "/checkout"
    ? (stripeBrowserConfig(c.env)?.origins[directive].join(" ") ?? "")
    : "";

app.use(
  secureHeaders({
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
app.use(except([IMAGE_UPLOAD_API, IMAGE_UPLOAD_FORM], limitBody(MAX_BODY_BYTES, "64 KiB")));
app.use(IMAGE_UPLOAD_API, limitBody(MAX_IMAGE_BYTES, "5 MiB"));
// The form's multipart envelope and other fields come on top of the picture.
app.use(IMAGE_UPLOAD_FORM, limitBody(MAX_IMAGE_BYTES + MAX_BODY_BYTES, "5 MiB"));
app.use("/api/*", except(IMAGE_UPLOAD_API, jsonBodiesOnly));
app.use(IMAGE_UPLOAD_API, imageBodiesOnly);

app.get("/healthz", (c) => c.text("ok"));

app.use("/api/v1/admin/*", adminAuth);
for (const path of [
  "/me",
  "/me/*",
  "/auth/logout",
  "/auth/logout-everywhere",
  "/cart",
  "/cart/*",
  "/checkout",
  "/orders",
  "/orders/*",
]) {
  app.use(`/api/v1${path}`, shopperAuth);
}
// Chained, so that `App` carries every route's types for hono's typed client (src/client.ts).
const api = app
  .route("/api/v1", catalogRoutes)
  .route("/api/v1", marketRoutes)
  .route("/api/v1", authRoutes)
  .route("/api/v1", meRoutes)
  .route("/api/v1", addressRoutes)
  .route("/api/v1", passwordResetRoutes)
  .route("/api/v1", sessionRoutes)
  .route("/api/v1", cartRoutes)
  .route("/api/v1", checkoutRoutes)
  .route("/api/v1", orderRoutes)
  .route("/api/v1", returnRoutes)
  .route("/api/v1", giftCardRoutes)
  .route("/api/v1/admin", adminOrderRoutes)
  .route("/api/v1/admin", adminCustomerRoutes)
  .route("/api/v1/admin", adminRefundRoutes)
  .route("/api/v1/admin", adminEmailRoutes)
  .route("/api/v1/admin", adminCatalogRoutes)
  .route("/api/v1/admin", adminInventoryRoutes)
  .route("/api/v1/admin", adminMarketRoutes)
  .route("/api/v1/admin", adminDiscountRoutes)
  .route("/api/v1/admin", adminGiftCardRoutes)
  .route("/api/v1/admin", adminWebhookRoutes)
  .route("/api/v1/admin", adminShipmentRoutes)
  .route("/api/v1/admin", adminReturnRoutes)
  .route("/api/v1/admin", adminStaffRoutes)
  .route("/api/v1/admin", adminStaffMemberRoutes)
  .route("/api/v1", warehouseRoutes)
  .route("/", webhookRoutes);

// The OpenAPI document and its page (in the Worker: static assets, see the module).
apiReference(app);

app.route("/", webRoutes);

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

/** The API's routes and their types: `hc<App>` (see src/client.ts) calls them with types. */
export type App = typeof api;
