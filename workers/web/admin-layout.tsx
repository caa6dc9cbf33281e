import type { Child } from "hono/jsx";
import { mayOpen } from "../../src/staff/roles";
import { useRole } from "./admin-role";
import { Alert, Document } from "./layout";

export type AdminSection =
  | "overview"
  | "orders"
  | "to-ship"
  | "returns"
  | "customers"
  | "products"
  | "stock"
  | "markets"
  | "discounts"
  | "promotions"
  | "gift-cards"
  | "sales"
  | "emails"
  | "webhooks"
  | "audit"
  | "staff"
  | "theme"
  | "account";

const NAV: { section: Exclude<AdminSection, "overview">; href: string; label: string }[] = [
  { section: "orders", href: "/admin/orders", label: "Orders" },
  { section: "to-ship", href: "/admin/to-ship", label: "To ship" },
  { section: "returns", href: "/admin/returns", label: "Returns" },
  { section: "customers", href: "/admin/customers", label: "Customers" },
  { section: "products", href: "/admin/products", label: "Products" },
  { section: "stock", href: "/admin/stock", label: "Stock" },
  { section: "markets", href: "/admin/markets", label: "Markets" },
  { section: "discounts", href: "/admin/discounts", label: "Discounts" },
  { section: "promotions", href: "/admin/promotions", label: "Promotions" },
  { section: "gift-cards", href: "/admin/gift-cards", label: "Gift cards" },
  { section: "sales", href: "/admin/sales", label: "Sales" },
  { section: "emails", href: "/admin/emails", label: "Emails" },
  { section: "webhooks", href: "/admin/webhooks", label: "Webhooks" },
  { section: "audit", href: "/admin/audit", label: "Audit log" },
  { section: "staff", href: "/admin/staff", label: "Staff" },
  { section: "theme", href: "/admin/theme", label: "Theme" },
  { section: "account", href: "/admin/account", label: "Your account" },
];

export interface AdminLayoutProps {
  title: string;
  section?: AdminSection;
  notice?: string | undefined;
  error?: string | undefined;
  children?: Child;
}

/**
 * The back office's pages: its own nav (what the signed-in role may open), no shop search or
 * cart, a notice or error on top.
 */
export function AdminLayout(props: AdminLayoutProps) {
  const role = useRole();
  const nav = role ? NAV.filter((item) => mayOpen(role, "GET", item.href)) : [];
  return (
    <Document title={props.title}>
      <header class="site admin">
        <div class="bar">
          <a
            class="logo"
            href="/admin"
            aria-current={props.section === "overview" ? "page" : undefined}
          >
            Back office
          </a>
          <nav aria-label="Back office">
            <ul>
              {nav.map((item) => (
                <li>
                  <a
                    href={item.href}
                    aria-current={item.section === props.section ? "page" : undefined}
                  >
                    {item.label}
                  </a>
                </li>
              ))}
              <li>
                <form method="post" action="/admin/logout" class="inline">
                  <button type="submit" class="link">
                    Sign out
                  </button>
                </form>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main">
        {props.notice ? (
          <div class="notice" role="status">
            {props.notice}
          </div>
        ) : null}
        {props.error ? <Alert>{props.error}</Alert> : null}
        {props.children}
      </main>
    </Document>
  );
}

/** Previous and next links of a paged list; `href` builds the address of a page. */
export function Pager(props: { page: number; hasNext: boolean; href: (page: number) => string }) {
  if (props.page <= 1 && !props.hasNext) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {props.page > 1 ? <a href={props.href(props.page - 1)}>Previous page</a> : null}
      <span class="muted">Page {props.page}</span>
      {props.hasNext ? <a href={props.href(props.page + 1)}>Next page</a> : null}
    </nav>
  );
}

/**
 * A wide table that scrolls sideways inside itself on a narrow screen, not the whole page; it
 * takes keyboard focus so that it can be scrolled without a pointer too.
 */
export function Wide(props: { children?: Child }) {
  return (
    <div class="wide" tabindex={0}>
      {props.children}
    </div>
  );
}

/**
 * The box a destructive action must have ticked (`confirm=yes`), with its error beside it when the
 * form came back without it.
 */
export function ConfirmBox(props: { id: string; error?: string | undefined; children?: Child }) {
  const errorId = `${props.id}-error`;
  return (
    <div class="field">
      <label>
        <input
          type="checkbox"
          name="confirm"
          value="yes"
          required
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={props.error ? errorId : undefined}
        />{" "}
        {props.children}
      </label>
      {props.error ? (
        <span id={errorId} class="error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}
