import { describe, expect, it } from "vitest";
import { codeAt } from "../src/auth/totp";
import type { StaffRole } from "../src/db/account-schema";
import { backOfficePages } from "../workers/back-office";
import { staffMember } from "./staff-helpers";

type Need =
  | "any"
  | "catalog"
  | "promotions"
  | "orders.read"
  | "orders"
  | "refunds"
  | "shipments"
  | "emails"
  | "customers"
  | "reports"
  | "integrations"
  | "staff";

/** The back office's doors that need no session at all. */
const OPEN = ["POST /admin/login", "POST /admin/logout", "GET /admin/invite", "POST /admin/invite"];

/**
 * Who may use each back-office page and form, written out (not derived from the code's rules). A
 * route the web app has and this table does not fails the first test.
 */
const PAGES: Record<string, Need> = {
  "GET /admin": "any",
  "GET /admin/account": "any",
  "POST /admin/account/password": "any",
  "POST /admin/account/two-factor": "any",
  "POST /admin/account/two-factor/off": "any",
  "POST /admin/account/sessions/revoke": "any",
  "GET /admin/audit": "staff",
  "GET /admin/staff": "staff",
  "POST /admin/staff": "staff",
  "POST /admin/staff/:id/role": "staff",
  "POST /admin/staff/:id/invite": "staff",
  "POST /admin/staff/:id/sessions/revoke": "staff",
  "POST /admin/staff/:id/remove": "staff",
  "POST /admin/api-keys": "staff",
  "POST /admin/api-keys/:id/revoke": "staff",
  "GET /admin/customers": "customers",
  "GET /admin/customers/:id": "customers",
  "POST /admin/customers/:id/password-reset": "customers",
  "GET /admin/discounts": "promotions",
  "POST /admin/discounts": "promotions",
  "GET /admin/discounts/:code": "promotions",
  "POST /admin/discounts/:code": "promotions",
  "POST /admin/discounts/:code/status": "promotions",
  "GET /admin/promotions": "promotions",
  "POST /admin/promotions": "promotions",
  "GET /admin/promotions/:id": "promotions",
  "POST /admin/promotions/:id": "promotions",
  "POST /admin/promotions/:id/status": "promotions",
  "GET /admin/gift-cards": "promotions",
  "POST /admin/gift-cards": "promotions",
  "POST /admin/gift-cards/lookup": "promotions",
  "POST /admin/gift-cards/:id/void": "promotions",
  "GET /admin/emails": "emails",
  "GET /admin/orders/:id/emails/:kind": "emails",
  "GET /admin/orders/:id/emails/:kind/html": "emails",
  "POST /admin/orders/:id/emails/:kind/resend": "emails",
  "GET /admin/markets": "catalog",
  "POST /admin/markets": "catalog",
  "POST /admin/tax-rates": "catalog",
  "POST /admin/shipping-zones": "catalog",
  "GET /admin/products": "catalog",
  "GET /admin/products/new": "catalog",
  "POST /admin/products/new": "catalog",
  "GET /admin/products/:slug": "catalog",
  "POST /admin/products/:slug": "catalog",
  "POST /admin/products/:slug/archive": "catalog",
  "POST /admin/products/:slug/options": "catalog",
  "GET /admin/theme": "staff",
  "GET /admin/exports/:kind": "staff",
  "POST /admin/theme": "staff",
  "POST /admin/products/:slug/variants": "catalog",
  "POST /admin/products/:slug/variants/remove": "catalog",
  "POST /admin/product-image": "catalog",
  "GET /admin/stock": "catalog",
  "POST /admin/stock/:sku": "catalog",
  "POST /admin/stock/:sku/adjustments": "catalog",
  "GET /admin/orders": "orders.read",
  "GET /admin/orders/:id": "orders.read",
  "GET /admin/to-ship": "orders.read",
  "GET /admin/orders/:id/packing-slip": "orders.read",
  "POST /admin/orders/:id/cancel": "orders",
  "POST /admin/orders/:id/fulfillment-retry": "orders",
  "POST /admin/orders/:id/links/revoke": "orders",
  "POST /admin/orders/:id/refund": "refunds",
  "POST /admin/orders/:id/refunds": "refunds",
  "POST /admin/orders/:id/shipments": "shipments",
  "GET /admin/returns": "refunds",
  "POST /admin/returns/:id/decide": "refunds",
  "POST /admin/returns/:id/receive": "refunds",
  "GET /admin/sales": "reports",
  "GET /admin/webhooks": "integrations",
  "POST /admin/webhooks": "integrations",
  "GET /admin/webhooks/:id": "integrations",
  "POST /admin/webhooks/:id/:action{pause|resume}": "integrations",
  "POST /admin/webhooks/:id/delete": "integrations",
  "POST /admin/webhooks/:id/deliveries/:delivery{[0-9]+}/resend": "integrations",
};

const MAY: Record<StaffRole, readonly Need[] | "all"> = {
  owner: "all",
  manager: [
    "catalog",
    "promotions",
    "orders.read",
    "orders",
    "refunds",
    "shipments",
    "customers",
    "emails",
    "reports",
  ],
  support: ["orders.read", "orders", "refunds", "customers", "emails"],
  fulfillment: ["orders.read", "shipments"],
};

const pageRoutes = () =>
  [
    ...new Set(
      backOfficePages.routes
        .filter((r) => (r.method === "GET" || r.method === "POST") && r.path.startsWith("/admin"))
        .map((r) => `${r.method} ${r.path}`),
    ),
  ].filter((r) => !OPEN.includes(r));

/** An address for a route's pattern: each parameter a probe (or its first allowed value). */
const addressOf = (pattern: string) =>
  pattern
    .replaceAll(/:\w+\{([^}|]+)\|[^}]*\}/g, "$1")
    .replaceAll(/:\w+\{[^}]+\}/g, "1")
    .replaceAll(/:\w+/g, "role-probe");

describe("every back-office page and form", () => {
  it("has a role in this table", () => {
    expect(pageRoutes().sort()).toEqual(Object.keys(PAGES).sort());
  });

  it("is refused (403) to every member whose role may not use it, and to none that may", async () => {
    const wrong: string[] = [];
    for (const role of Object.keys(MAY) as StaffRole[]) {
      const { b } = await staffMember(role);
      const grants = MAY[role];
      for (const [route, need] of Object.entries(PAGES)) {
        // Forms every member may use cannot be refused; some would end the session that asks.
        if (need === "any" && route.startsWith("POST")) continue;
        const [method, pattern = ""] = route.split(" ");
        const path = addressOf(pattern);
        const res = method === "GET" ? await b.get(path) : await b.post(path, {});
        const allowed = need === "any" || grants === "all" || grants.includes(need);
        if (res.status === 303 && res.headers.get("location") === "/admin") {
          wrong.push(`${role} ${route}: signed out`);
        } else if ((res.status === 403) === allowed) {
          wrong.push(`${role} ${route}: ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("TOTP codes", () => {
  it("are RFC 6238's (SHA-1 test vectors, 8 digits)", async () => {
    // The RFC's secret "12345678901234567890", in base32.
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(await codeAt(secret, Math.floor(59 / 30), 8)).toBe("94287082");
    expect(await codeAt(secret, Math.floor(1111111109 / 30), 8)).toBe("07081804");
    expect(await codeAt(secret, Math.floor(2000000000 / 30), 8)).toBe("69279037");
    expect(await codeAt(secret, Math.floor(20000000000 / 30), 8)).toBe("65353130");
  });
});
