import type { StaffRole } from "../db/account-schema";

/** What a part of the admin API or the back office needs. */
export type Permission =
  | "catalog"
  | "promotions"
  | "orders.read"
  | "orders"
  | "refunds"
  | "shipments"
  | "customers"
  | "emails"
  | "reports"
  | "operations"
  | "integrations"
  | "staff";

/**
 * What each role may do. owner: everything, and manages staff, keys and integrations; manager:
 * catalog, stock, prices, promotions and orders; support: orders, refunds, returns, customers,
 * no catalog; fulfillment: the orders to ship and their shipments.
 */
const GRANTS: Record<StaffRole, readonly Permission[] | "all"> = {
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
    "operations",
  ],
  support: ["orders.read", "orders", "refunds", "customers", "emails"],
  fulfillment: ["orders.read", "shipments"],
};

export function may(role: StaffRole, permission: Permission): boolean {
  const grants = GRANTS[role];
  return grants === "all" || grants.includes(permission);
}

/**
 * What each admin route needs, by method and path under `/api/v1/admin`, first match wins. A route
 * none of them names is the owner's alone, so a new route is closed until it is given here.
 */
const RULES: readonly [method: string, path: RegExp, permission: Permission][] = [
  ["*", /^\/(products|inventory|markets|tax-rates|shipping-zones)(\/|$)/, "catalog"],
  ["*", /^\/(discounts|promotions|gift-cards)(\/|$)/, "promotions"],
  ["*", /^\/orders\/[^/]+\/(refund|refunds)$/, "refunds"],
  ["*", /^\/returns(\/|$)/, "refunds"],
  ["GET", /^\/orders\/[^/]+\/returns$/, "refunds"],
  ["*", /^\/orders\/[^/]+\/shipments$/, "shipments"],
  ["*", /^\/orders\/[^/]+\/emails(\/|$)/, "emails"],
  ["GET", /^\/emails$/, "emails"],
  ["GET", /^\/orders(\/[^/]+)?$/, "orders.read"],
  ["*", /^\/orders\/[^/]+\/(cancel|fulfillment-retry|links\/revoke)$/, "orders"],
  ["*", /^\/customers(\/|$)/, "customers"],
  ["*", /^\/reports(\/|$)/, "reports"],
  ["*", /^\/sweeps$/, "operations"],
  ["*", /^\/webhooks(\/|$)/, "integrations"],
  ["*", /^\/(api-keys|audit|staff)(\/|$)/, "staff"],
];

/** The permission an admin API request needs (`path` below `/api/v1/admin`). */
export function permissionFor(method: string, path: string): Permission {
  const rule = RULES.find(([m, re]) => (m === "*" || m === method) && re.test(path));
  return rule?.[2] ?? "staff";
}
