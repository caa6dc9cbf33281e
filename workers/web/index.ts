import { Hono } from "hono";
import { csrf } from "hono/csrf";
import type { AppEnv } from "../app-env";
import { accountPages } from "./account-pages";
import { adminPages } from "./admin-pages";
import { FAVICON_URL } from "./assets";
import { cartPages } from "./cart-pages";
import { catalogPages } from "./catalog-pages";
import { checkoutPages } from "./checkout-pages";
import { orderPages } from "./order-pages";
import { productImages } from "./product-image";
import { storedImages } from "./stored-images";

/**
 * The shop's pages, rendered on the server from the same domain code as the API. Every form posts
 * back to its own origin: hono's csrf check refuses a form post whose Origin is another site.
 */
const checkOrigin = csrf();

/** Pages that show a shopper's (or the merchant's) own data: never stored by any cache. */
const PRIVATE_PAGES = /^\/(cart|checkout|orders|admin)(\/|$)/;

export const webRoutes = new Hono<AppEnv>()
  // Mounted at the root, so keep the check to the pages: API calls never reach it with a form.
  .use((c, next) => (c.req.path.startsWith("/api/") ? next() : checkOrigin(c, next)))
  .use(async (c, next) => {
    await next();
    if (PRIVATE_PAGES.test(c.req.path)) c.header("cache-control", "private, no-store");
  })
  // Browsers ask for /favicon.ico wherever a page names no icon (an image or JSON opened directly).
  .get("/favicon.ico", (c) => {
    c.header("cache-control", "public, max-age=86400");
    return c.redirect(FAVICON_URL, 302);
  })
  .route("/", productImages)
  .route("/", storedImages)
  .route("/", catalogPages)
  .route("/", cartPages)
  .route("/", checkoutPages)
  .route("/", orderPages)
  .route("/", accountPages)
  .route("/", adminPages);
