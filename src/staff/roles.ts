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
  ["*", /^\/(products|inventory|markets|tax-rates|shipping-zones|collections)(\/|$)/, "catalog"],
  ["*", /^\/(discounts|promotions|gift-cards)(\/|$)/, "promotions"],
  ["GET", /^\/exports\/(products|stock)$/, "catalog"],
  ["GET", /^\/exports\/orders$/, "orders.read"],
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

/**
 * What each back-office page and form needs beyond the admin API's rules (by method and path
 * under `/admin`, first match wins); `null` is any member's: the overview, their own account.
 */
const PAGE_RULES: readonly [method: string, path: RegExp, permission: Permission | null][] = [
  ["GET", /^\/?$/, null],
  ["*", /^\/account(\/|$)/, null],
  ["*", /^\/(stock|product-image)(\/|$)/, "catalog"],
  ["GET", /^\/to-ship$/, "orders.read"],
  ["GET", /^\/orders\/[^/]+\/packing-slip$/, "orders.read"],
  ["GET", /^\/sales$/, "reports"],
];

/** The permission a back-office request needs (`path` below `/admin`); null: any member's. */
export function pagePermissionFor(method: string, path: string): Permission | null {
  const rule = PAGE_RULES.find(([m, re]) => (m === "*" || m === method) && re.test(path));
  return rule ? rule[2] : permissionFor(method, path);
}

/** Whether `role` may open or post to the back-office address `href` (starting `/admin`). */
export function mayOpen(role: StaffRole, method: "GET" | "POST", href: string): boolean {
  const path = href.slice("/admin".length).split("?")[0] ?? "";
  const permission = pagePermissionFor(method, path);
  return permission === null || may(role, permission);
}
