import { describe, expect, it } from "vitest";
import type { StaffRole } from "../src/db/account-schema";
import { adminCall, call } from "./helpers";

type Need =
  | "catalog"
  | "promotions"
  | "orders.read"
  | "orders"
  | "refunds"
  | "shipments"
  | "emails"
  | "customers"
  | "reports"
  | "operations"
  | "integrations"
  | "staff";

/**
 * Who may use each admin route, written out route by route (not derived from the rules the code
 * uses). A route the OpenAPI document has and this table does not fails the first test: a new
 * route must be given its role here, and then the second test checks every role against it.
 */
const ROUTES: Record<string, Need> = {
  "POST /sweeps": "operations",
  "GET /sweeps": "operations",
  "GET /orders": "orders.read",
  "GET /orders/{id}": "orders.read",
  "POST /orders/{id}/cancel": "orders",
  "POST /orders/{id}/refund": "refunds",
  "POST /orders/{id}/fulfillment-retry": "orders",
  "POST /orders/{id}/links/revoke": "orders",
  "GET /reports/sales": "reports",
  "POST /orders/{id}/refunds": "refunds",
  "GET /orders/{id}/refunds": "refunds",
  "GET /emails": "emails",
  "GET /orders/{id}/emails": "emails",
  "POST /orders/{id}/emails/{kind}/resend": "emails",
  "POST /products": "catalog",
  "POST /products/bulk": "catalog",
  "PATCH /products/{slug}": "catalog",
  "DELETE /products/{slug}": "catalog",
  "PUT /products/{slug}/image": "catalog",
  "GET /theme": "staff",
  "POST /collections": "catalog",
  "GET /exports/products": "catalog",
  "GET /exports/stock": "catalog",
  "GET /exports/orders": "orders.read",
  "PATCH /collections/{slug}": "catalog",
  "DELETE /collections/{slug}": "catalog",
  "PUT /products/{slug}/tags": "catalog",
  "PUT /theme": "staff",
  "POST /products/{slug}/images": "catalog",
  "PATCH /products/{slug}/images/{id}": "catalog",
  "DELETE /products/{slug}/images/{id}": "catalog",
  "POST /products/{slug}/variants": "catalog",
  "DELETE /products/{slug}/variants/{sku}": "catalog",
  "PUT /inventory/{sku}": "catalog",
  "GET /inventory/{sku}": "catalog",
  "POST /inventory/{sku}/adjustments": "catalog",
  "PUT /inventory/{sku}/shards": "catalog",
  "PUT /markets/{id}": "catalog",
  "DELETE /markets/{id}": "catalog",
  "GET /tax-rates": "catalog",
  "PUT /tax-rates/{country}": "catalog",
  "GET /shipping-zones": "catalog",
  "PUT /shipping-zones/{id}": "catalog",
  "DELETE /shipping-zones/{id}": "catalog",
  "POST /discounts": "promotions",
  "GET /discounts": "promotions",
  "GET /discounts/{code}": "promotions",
  "PATCH /discounts/{code}": "promotions",
  "POST /promotions": "promotions",
  "GET /promotions": "promotions",
  "GET /promotions/{id}": "promotions",
  "PATCH /promotions/{id}": "promotions",
  "POST /gift-cards": "promotions",
  "GET /gift-cards": "promotions",
  "POST /gift-cards/lookup": "promotions",
  "GET /gift-cards/{id}": "promotions",
  "POST /gift-cards/{id}/void": "promotions",
  "POST /webhooks": "integrations",
  "GET /webhooks": "integrations",
  "GET /webhooks/{id}": "integrations",
  "PATCH /webhooks/{id}": "integrations",
  "DELETE /webhooks/{id}": "integrations",
  "GET /webhooks/{id}/deliveries": "integrations",
  "POST /webhooks/{id}/deliveries/{delivery}/resend": "integrations",
  "POST /orders/{id}/shipments": "shipments",
  "GET /orders/{id}/shipments": "shipments",
  "GET /returns": "refunds",
  "GET /orders/{id}/returns": "refunds",
  "POST /returns/{id}/approve": "refunds",
  "POST /returns/{id}/refuse": "refunds",
  "POST /returns/{id}/receive": "refunds",
  "POST /api-keys": "staff",
  "GET /api-keys": "staff",
  "DELETE /api-keys/{id}": "staff",
  "GET /audit": "staff",
  "GET /customers": "customers",
  "GET /customers/{id}": "customers",
  "POST /customers/{id}/password-reset": "customers",
  "POST /staff": "staff",
  "GET /staff": "staff",
  "GET /staff/{id}": "staff",
  "PATCH /staff/{id}": "staff",
  "DELETE /staff/{id}": "staff",
  "POST /staff/{id}/invite": "staff",
  "POST /staff/{id}/sessions/revoke": "staff",
};

/** What each role may do, as the issue gives the roles. */
const MAY: Record<Exclude<StaffRole, "owner">, readonly Need[]> = {
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
    "operations",
  ],
  support: ["orders.read", "orders", "refunds", "customers", "emails"],
  fulfillment: ["orders.read", "shipments"],
};

async function adminRoutes(): Promise<string[]> {
  const doc = (await (await call("GET", "/api/v1/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/api/v1/admin/"))
    .flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.slice("/api/v1/admin".length)}`),
    )
    .sort();
}

async function keyOf(role: StaffRole): Promise<string> {
  const res = await adminCall("POST", "/api/v1/admin/api-keys", { name: `${role} key`, role });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

describe("every admin route", () => {
  it("has a role in this table", async () => {
    expect(await adminRoutes()).toEqual(Object.keys(ROUTES).sort());
  });

  it("is refused (403) to every role that may not use it, and to none that may", async () => {
    const keys = Object.fromEntries(
      await Promise.all(
        (["owner", ...Object.keys(MAY)] as StaffRole[]).map(async (r) => [r, await keyOf(r)]),
      ),
    ) as Record<StaffRole, string>;
    const wrong: string[] = [];
    for (const [route, need] of Object.entries(ROUTES)) {
      const [method = "GET", template = ""] = route.split(" ");
      const path = `/api/v1/admin${template.replaceAll(/\{[^}]+\}/g, "role-probe")}`;
      for (const role of Object.keys(keys) as StaffRole[]) {
        const allowed = role === "owner" || MAY[role].includes(need);
        // A body of the kind the route takes: kinds are checked before roles.
        const body = /\/images?$/.test(route)
          ? { body: "not a picture", headers: { "content-type": "image/png" } }
          : method === "GET" || method === "DELETE"
            ? {}
            : { body: {} };
        const res = await call(method, path, { token: keys[role], ...body });
        if ((res.status === 403) === allowed) wrong.push(`${role} ${route}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
