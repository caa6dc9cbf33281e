// The back office: the admin API and the staff's pages. In the tests and the OpenAPI build it is
// part of the one app (app.ts); deployed, it is a Worker of its own (back-office-worker.ts,
// back-office.toml), and the shop's Worker forwards /admin and /api/v1/admin to it over a service
// binding (back-office-proxy.ts, which wrangler.toml's `[alias]` puts in this module's place).
import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { adminCatalogRoutes } from "./api/admin-catalog";
import { adminCollectionRoutes } from "./api/admin-collections";
import { adminCustomerRoutes } from "./api/admin-customers";
import { adminDiscountRoutes } from "./api/admin-discounts";
import { adminEmailRoutes } from "./api/admin-emails";
import { adminExportRoutes } from "./api/admin-exports";
import { adminImageRoutes } from "./api/admin-images";
import { adminInventoryRoutes } from "./api/admin-inventory";
import { adminMarketRoutes } from "./api/admin-markets";
import { adminOrderRoutes } from "./api/admin-orders";
import { adminRefundRoutes } from "./api/admin-refunds";
import { adminStaffRoutes } from "./api/admin-staff";
import { adminStaffMemberRoutes } from "./api/admin-staff-members";
import { adminThemeRoutes } from "./api/admin-theme";
import { adminWebhookRoutes } from "./api/admin-webhooks";
import { adminGiftCardRoutes } from "./api/gift-cards";
import { adminReturnRoutes } from "./api/returns";
import { adminShipmentRoutes } from "./api/shipments";
import type { AppEnv } from "./app-env";
import { adminAuth } from "./middleware/admin-auth";
import { validationHook } from "./validation";
import { adminAccountPages } from "./web/admin-account";
import { adminAuditPages } from "./web/admin-audit";
import { adminCustomerPages } from "./web/admin-customers";
import { adminDiscountEditPages } from "./web/admin-discount-edit";
import { adminDiscountPages } from "./web/admin-discounts";
import { adminEmailPages } from "./web/admin-emails";
import { adminExportPages } from "./web/admin-exports";
import { adminGiftCardPages } from "./web/admin-gift-cards";
import { adminOnly } from "./web/admin-guard";
import { adminMarketPages } from "./web/admin-markets";
import { adminOrderPages } from "./web/admin-orders";
import { adminPages } from "./web/admin-pages";
import { adminProductPages } from "./web/admin-products";
import { adminPromotionPages } from "./web/admin-promotions";
import { adminReturnPages } from "./web/admin-returns";
import { adminSalesPages } from "./web/admin-sales";
import { adminShipmentPages } from "./web/admin-shipments";
import { adminSignInPages } from "./web/admin-sign-in";
import { adminStaffPages } from "./web/admin-staff";
import { adminStockPages } from "./web/admin-stock";
import { adminThemePages } from "./web/admin-theme";
import { adminVariantPages } from "./web/admin-variant-pages";
import { adminWebhookPages } from "./web/admin-webhooks";
import { privatePage, readableForm, sameOriginForms } from "./web/page-guards";
import { loadTheme } from "./web/theme";

export { errorPage } from "./web/admin-error-page";

const adminApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
adminApi.use(adminAuth);

/** The admin API, mounted at /api/v1/admin: every call needs a staff token or an API key. */
export const backOfficeApi = adminApi
  .route("/", adminOrderRoutes)
  .route("/", adminCustomerRoutes)
  .route("/", adminRefundRoutes)
  .route("/", adminEmailRoutes)
  .route("/", adminCatalogRoutes)
  .route("/", adminImageRoutes)
  .route("/", adminCollectionRoutes)
  .route("/", adminExportRoutes)
  .route("/", adminInventoryRoutes)
  .route("/", adminMarketRoutes)
  .route("/", adminDiscountRoutes)
  .route("/", adminGiftCardRoutes)
  .route("/", adminWebhookRoutes)
  .route("/", adminShipmentRoutes)
  .route("/", adminReturnRoutes)
  .route("/", adminStaffRoutes)
  .route("/", adminStaffMemberRoutes)
  .route("/", adminThemeRoutes);

const pages = new Hono<AppEnv>();
for (const path of ["/admin", "/admin/*"]) {
  pages.use(path, sameOriginForms, readableForm, privatePage, loadTheme);
}

/** The staff's pages, /admin and below: all but signing in need a signed-in member. */
export const backOfficePages = pages
  .use("/admin/*", adminOnly)
  .route("/", adminSignInPages)
  .route("/", adminPages)
  .route("/", adminAccountPages)
  .route("/", adminStaffPages)
  .route("/", adminOrderPages)
  .route("/", adminProductPages)
  .route("/", adminVariantPages)
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
  .route("/", adminReturnPages)
  .route("/", adminSalesPages)
  .route("/", adminEmailPages)
  .route("/", adminThemePages)
  .route("/", adminExportPages);
