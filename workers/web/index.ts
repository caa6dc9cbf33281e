import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { accountPage } from "./account-page";
import { accountPages } from "./account-pages";
import { addressBookPages } from "./address-book-pages";
import { FAVICON_URL } from "./assets";
import { cartPages } from "./cart-pages";
import { catalogPages } from "./catalog-pages";
import { checkoutPages } from "./checkout-pages";
import { collectionPages } from "./collection-pages";
import { giftCardPages } from "./gift-card-pages";
import { rememberMarket } from "./market-switcher";
import { orderPages } from "./order-pages";
import { privatePage, readableForm, sameOriginForms } from "./page-guards";
import { passwordPages } from "./password-pages";
import { productImages } from "./product-image";
import { returnPages } from "./return-pages";
import { sitemapRoutes } from "./sitemap";
import { storedImages } from "./stored-images";
import { loadTheme, themeRoutes } from "./theme";

/** Pages that show a shopper's own data: never stored by any cache. */
const PRIVATE_PAGES = /^\/(cart|checkout|orders)(\/|$)/;

/** The shop's pages, rendered on the server from the same domain code as the API. */
export const webRoutes = new Hono<AppEnv>()
  .use(sameOriginForms)
  .use(readableForm)
  .use(rememberMarket)
  .use(loadTheme)
  .use((c, next) => (PRIVATE_PAGES.test(c.req.path) ? privatePage(c, next) : next()))
  // Browsers ask for /favicon.ico wherever a page names no icon (an image or JSON opened directly).
  .get("/favicon.ico", (c) => {
    c.header("cache-control", "public, max-age=86400");
    return c.redirect(FAVICON_URL, 302);
  })
  .route("/", themeRoutes)
  .route("/", productImages)
  .route("/", storedImages)
  .route("/", catalogPages)
  .route("/", collectionPages)
  .route("/", sitemapRoutes)
  .route("/", cartPages)
  .route("/", checkoutPages)
  .route("/", giftCardPages)
  .route("/", orderPages)
  .route("/", accountPages)
  .route("/", passwordPages)
  .route("/", accountPage)
  .route("/", addressBookPages)
  .route("/", returnPages);
