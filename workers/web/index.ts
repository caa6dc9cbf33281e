import { Hono, type MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { accountPage } from "./account-page";
import { accountPages } from "./account-pages";
import { addressBookPages } from "./address-book-pages";
import { adminAccountPages } from "./admin-account";
import { adminAuditPages } from "./admin-audit";
import { adminCustomerPages } from "./admin-customers";
import { adminDiscountEditPages } from "./admin-discount-edit";
import { adminDiscountPages } from "./admin-discounts";
import { adminEmailPages } from "./admin-emails";
import { adminGiftCardPages } from "./admin-gift-cards";
import { adminOnly } from "./admin-guard";
import { adminMarketPages } from "./admin-markets";
import { adminOrderPages } from "./admin-orders";
import { adminPages } from "./admin-pages";
import { adminProductPages } from "./admin-products";
import { adminPromotionPages } from "./admin-promotions";
import { adminSalesPages } from "./admin-sales";
import { adminShipmentPages } from "./admin-shipments";
import { adminSignInPages } from "./admin-sign-in";
import { adminStaffPages } from "./admin-staff";
import { adminStockPages } from "./admin-stock";
import { adminWebhookPages } from "./admin-webhooks";
import { FAVICON_URL } from "./assets";
import { cartPages } from "./cart-pages";
import { catalogPages } from "./catalog-pages";
import { checkoutPages } from "./checkout-pages";
import { giftCardPages } from "./gift-card-pages";
import { rememberMarket } from "./market-switcher";
import { orderPages } from "./order-pages";
import { passwordPages } from "./password-pages";
import { productImages } from "./product-image";
import { returnPages } from "./return-pages";
import { sitemapRoutes } from "./sitemap";
import { storedImages } from "./stored-images";

/**
 * The shop's pages, rendered on the server from the same domain code as the API. Every form posts
 * back to its own origin: hono's csrf check refuses a form post whose Origin is another site.
 */
const checkOrigin = csrf();

/** Pages that show a shopper's (or the merchant's) own data: never stored by any cache. */
const PRIVATE_PAGES = /^\/(cart|checkout|orders|admin)(\/|$)/;

/**
 * Reads a posted form once, up front: a body that does not parse as its content-type says (a
 * broken multipart envelope) is the sender's mistake, a 400, not a 500 in whichever page reads it.
 * Hono keeps the parsed form, so the page's own `parseBody()` reads it again for free.
 */
const readableForm: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "POST" && !c.req.path.startsWith("/api/")) {
    await c.req.parseBody().catch(() => {
      throw new AppError("validation_failed", "The form's content could not be read.");
    });
  }
  await next();
};

export const webRoutes = new Hono<AppEnv>()
  // Mounted at the root, so keep the check to the pages: API calls never reach it with a form.
  .use((c, next) => (c.req.path.startsWith("/api/") ? next() : checkOrigin(c, next)))
  .use(readableForm)
  .use(rememberMarket)
  .use(async (c, next) => {
    await next();
    if (PRIVATE_PAGES.test(c.req.path)) c.header("cache-control", "private, no-store");
  })
  .use("/admin/*", adminOnly)
  // Browsers ask for /favicon.ico wherever a page names no icon (an image or JSON opened directly).
  .get("/favicon.ico", (c) => {
    c.header("cache-control", "public, max-age=86400");
    return c.redirect(FAVICON_URL, 302);
  })
  .route("/", productImages)
  .route("/", storedImages)
  .route("/", catalogPages)
  .route("/", sitemapRoutes)
  .route("/", cartPages)
  .route("/", checkoutPages)
  .route("/", giftCardPages)
  .route("/", orderPages)
  .route("/", accountPages)
  .route("/", passwordPages)
  .route("/", accountPage)
  .route("/", addressBookPages)
  .route("/", adminSignInPages)
  .route("/", adminPages)
  .route("/", adminAccountPages)
  .route("/", adminStaffPages)
  .route("/", adminOrderPages)
  .route("/", adminProductPages)
  .route("/", adminStockPages)
  .route("/", adminMarketPages)
  .route("/", adminDiscountPages)
  .route("/", adminDiscountEditPages)
  .route("/", adminPromotionPages)
  .route("/", adminGiftCardPages)
  .route("/", adminWebhookPages)
  .route("/", adminAuditPages)
  .route("/", adminCustomerPages)
  .route("/", adminShipmentPages)
  .route("/", returnPages)
  .route("/", adminSalesPages)
  .route("/", adminEmailPages);
