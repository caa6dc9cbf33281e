import { Hono } from "hono";
import { findCustomer } from "../../src/auth/customers";
import { createDb } from "../../src/db/client";
import { AppError } from "../../src/errors";
import { formatMoney } from "../../src/money";
import { customerDetail, searchCustomers } from "../../src/staff/customers";
import { askPasswordReset } from "../api/account-auth";
import type { AppEnv } from "../app-env";
import { AdminLayout, Wide } from "./admin-layout";
import { orderPath, when } from "./admin-order-detail";
import { adminHtml } from "./admin-role";
import { addressLine } from "./checkout-saved";
import { Field, TableHead } from "./layout";
import { StatusBadge } from "./order-pages";

const customerPath = (id: string) => `/admin/customers/${encodeURIComponent(id)}`;
const verified = (yes: boolean) => (yes ? "verified" : "not verified");

/** Customers: a search by email or name, and each one's account, addresses and orders. */
export const adminCustomerPages = new Hono<AppEnv>()
  .get("/admin/customers", async (c) => {
    const q = c.req.query("q")?.trim().slice(0, 200) || undefined;
    const cursor = c.req.query("cursor")?.slice(0, 500) || undefined;
    let page: Awaited<ReturnType<typeof searchCustomers>>;
    try {
      page = await searchCustomers(c.env.DB, { q, cursor, limit: 50 });
    } catch (err) {
      // A cursor that was tampered with starts the list again.
      if (!(err instanceof AppError)) throw err;
      page = await searchCustomers(c.env.DB, { q, limit: 50 });
    }
    return adminHtml(
      c,
      <AdminLayout title="Customers" section="customers">
        <h1>Customers</h1>
        <form method="get" action="/admin/customers" class="filters">
          <Field name="q" label="Email or name" value={q} />
          <button type="submit">Search</button>
        </form>
        {page.items.length === 0 ? (
          <p>No customers{q ? " match" : " yet"}.</p>
        ) : (
          <Wide>
            <table>
              <TableHead
                columns={[
                  "Email",
                  "Name",
                  "Email state",
                  { label: "Orders", numeric: true },
                  "Since",
                ]}
              />
              <tbody>
                {page.items.map((cu) => (
                  <tr>
                    <td>
                      <a href={customerPath(cu.id)}>{cu.email}</a>
                    </td>
                    <td>{cu.name ?? ""}</td>
                    <td>{verified(cu.emailVerified)}</td>
                    <td class="num">{cu.orders}</td>
                    <td>{cu.createdAt.slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Wide>
        )}
        {page.nextCursor ? (
          <p>
            <a
              href={`/admin/customers?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`}
            >
              More customers
            </a>
          </p>
        ) : null}
      </AdminLayout>,
    );
  })
  .get("/admin/customers/:id", async (c) => {
    const customer = await customerDetail(c.env.DB, c.req.param("id"));
    return adminHtml(
      c,
      <AdminLayout title={customer.email} section="customers" notice={c.req.query("notice")}>
        <h1>{customer.name ?? customer.email}</h1>
        <dl>
          <dt>Email</dt>
          <dd>
            {customer.email} ({verified(customer.emailVerified)})
            {customer.pendingEmail ? `; changing to ${customer.pendingEmail}` : ""}
          </dd>
          <dt>Customer since</dt>
          <dd>{when(customer.createdAt)}</dd>
        </dl>
        <form method="post" action={`${customerPath(customer.id)}/password-reset`}>
          <button type="submit" class="secondary">
            Email a password reset link
          </button>
        </form>
        <h2>Addresses</h2>
        {customer.addresses.length === 0 ? (
          <p class="muted">No saved addresses.</p>
        ) : (
          <ul>
            {customer.addresses.map((a) => (
              <li>{addressLine(a, "en-US")}</li>
            ))}
          </ul>
        )}
        <h2>Orders</h2>
        {customer.recentOrders.length === 0 ? (
          <p class="muted">No orders.</p>
        ) : (
          <Wide>
            <table>
              <TableHead
                columns={["Order", "Status", { label: "Total", numeric: true }, "Placed"]}
              />
              <tbody>
                {customer.recentOrders.map((o) => (
                  <tr>
                    <td>
                      <a href={orderPath(o.id)}>#{o.number}</a>
                    </td>
                    <td>
                      <StatusBadge status={o.status} />
                    </td>
                    <td class="num">{formatMoney(o.total)}</td>
                    <td>{when(o.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Wide>
        )}
      </AdminLayout>,
    );
  })
  .post("/admin/customers/:id/password-reset", async (c) => {
    const customer = await findCustomer(createDb(c.env.DB), c.req.param("id"));
    if (!customer) return c.notFound();
    const { id, email } = customer;
    await askPasswordReset(c, email);
    const notice = `A reset link is on its way to ${email} (at most 3 an hour).`;
    return c.redirect(`${customerPath(id)}?notice=${encodeURIComponent(notice)}`, 303);
  });
