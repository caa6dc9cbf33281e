import { Hono } from "hono";
import { csrf } from "hono/csrf";
import type { AppEnv } from "../app-env";
import { accountPages } from "./account-pages";
import { adminPages } from "./admin-pages";
import { assetRoutes } from "./assets";
import { cartPages } from "./cart-pages";
import { catalogPages } from "./catalog-pages";
import { checkoutPages } from "./checkout-pages";
import { orderPages } from "./order-pages";
import { productImages } from "./product-image";

/**
 * The shop's pages, rendered on the server from the same domain code as the API. Every form posts
 * back to its own origin: hono's csrf check refuses a form post whose Origin is another site.
 */
const checkOrigin = csrf();

export const webRoutes = new Hono<AppEnv>()
  // Mounted at the root, so keep the check to the pages: API calls never reach it with a form.
  .use((c, next) => (c.req.path.startsWith("/api/") ? next() : checkOrigin(c, next)))
  .route("/", assetRoutes)
  .route("/", productImages)
  .route("/", catalogPages)
  .route("/", cartPages)
  .route("/", checkoutPages)
  .route("/", orderPages)
  .route("/", accountPages)
  .route("/", adminPages);
