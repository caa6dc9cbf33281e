import { ASSET_URLS } from "./asset-manifest";

/** URLs that change whenever their content does, so browsers may keep them for a year. */
export const STYLESHEET_URL = ASSET_URLS.stylesCss;
export const ORDER_STATUS_SCRIPT_URL = ASSET_URLS.orderStatusJs;
export const PRODUCT_SCRIPT_URL = ASSET_URLS.productJs;
export const STRIPE_CHECKOUT_SCRIPT_URL = ASSET_URLS.stripeCheckoutJs;
export const FAVICON_URL = ASSET_URLS.faviconSvg;
