import { passwordResetRoutes, sessionRoutes } from "./api/account-auth";
import { addressRoutes } from "./api/addresses";
import { authRoutes, meRoutes } from "./api/auth";
import { cartRoutes } from "./api/cart";
import { catalogRoutes } from "./api/catalog";
import { checkoutRoutes } from "./api/checkout";
import { collectionRoutes } from "./api/collections";
import { giftCardRoutes } from "./api/gift-cards";
import { marketRoutes } from "./api/markets";
import { orderRoutes } from "./api/orders";
import { returnRoutes } from "./api/returns";
import { warehouseRoutes } from "./api/shipments";
import { apiReference } from "./api-reference";
import { backOfficeApi, backOfficePages, errorPage } from "./back-office";
import { createApp, handleErrors } from "./base-app";
import { shopperAuth } from "./middleware/shopper-auth";
import { webRoutes } from "./web";
import { webhookRoutes } from "./webhooks/stripe";

/**
 * The whole store: the shop's API and pages, and the back office's. The shop's Worker bundles it
 * with the back office forwarded to its own Worker (see back-office.ts).
 */
export const app = createApp(errorPage);

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
  .route("/api/v1", collectionRoutes)
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
  .route("/api/v1/admin", backOfficeApi)
  .route("/api/v1", warehouseRoutes)
  .route("/", webhookRoutes);

// The OpenAPI document and its page (in the Worker: static assets, see the module).
apiReference(app);

app.route("/", backOfficePages);
app.route("/", webRoutes);
handleErrors(app, errorPage);

/** The API's routes and their types: `hc<App>` (see src/client.ts) calls them with types. */
export type App = typeof api;
