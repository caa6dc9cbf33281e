import type { Context } from "hono";
import { Hono } from "hono";
import { chosenProvider, readConfig } from "../../src/config";
import type { StaffRole } from "../../src/db/account-schema";
import { recentEmails } from "../../src/emails/outbox";
import { listOrders } from "../../src/orders/read";
import { recentSweeps, type SweepRow } from "../../src/orders/sweep";
import { salesReport } from "../../src/reports/sales";
import { may, type Permission } from "../../src/staff/roles";
import type { AppEnv } from "../app-env";
import { EmailsSection } from "./admin-emails";
import { AdminLayout, Wide } from "./admin-layout";
import { OrdersTable } from "./admin-orders";
import { adminHtml } from "./admin-role";
import { SalesFigures } from "./admin-sales";
import { adminSession } from "./admin-session";
import { LoginPage } from "./admin-sign-in";
import { TableHead } from "./layout";

const DAY_MS = 86_400_000;

/** What a section reads, only for a role that may see it (else nothing is read). */
const ifMay = <T,>(role: StaffRole, permission: Permission, read: () => Promise<T>) =>
  may(role, permission) ? read() : Promise.resolve(null);

/** The overview: of sales, orders, emails and sweeps, the sections the role may see. */
async function dashboard(c: Context<AppEnv>, role: StaffRole, notice?: string) {
  const config = readConfig(c.env);
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  const [failed, recent, report, sweeps, emails] = await Promise.all([
    ifMay(role, "orders.read", () =>
      listOrders(c.env.DB, { status: "fulfillment_failed", limit: 20 }),
    ),
    ifMay(role, "orders.read", () => listOrders(c.env.DB, { limit: 20 })),
    ifMay(role, "reports", () => salesReport(c.env.DB, { from, to }, config.storeCurrency)),
    ifMay(role, "operations", () => recentSweeps(c.env.DB, 5)),
    ifMay(role, "emails", () => recentEmails(c.env.DB, 20)),
  ]);
  const orders = [
    ...(failed?.items ?? []),
    ...(recent?.items ?? []).filter((o) => o.status !== "fulfillment_failed"),
  ];
  return (
    <AdminLayout title="Ops dashboard" section="overview" notice={notice}>
      <h1>Ops dashboard</h1>
      {report ? (
        <section aria-labelledby="sales">
          <h2 id="sales">Sales, last 30 days</h2>
          <SalesFigures report={report} currency={config.storeCurrency} />
          <p>
            <a href="/admin/sales">Other days</a>
          </p>
        </section>
      ) : null}

      {failed ? (
        <section aria-labelledby="orders">
          <h2 id="orders">Orders</h2>
          <p class="muted">Failed fulfillments first, then the newest.</p>
          <OrdersTable orders={orders} />
          <p>
            <a href="/admin/orders">All orders</a>
          </p>
        </section>
      ) : null}

      {emails ? (
        <EmailsSection emails={emails} provider={chosenProvider(config, "emailProvider")} />
      ) : null}

      {sweeps ? <SweepsSection sweeps={sweeps} /> : null}
    </AdminLayout>
  );
}

function SweepsSection(props: { sweeps: SweepRow[] }) {
  const { sweeps } = props;
  return (
    <section aria-labelledby="sweeps">
      <h2 id="sweeps">Reconciliation</h2>
      <p class="muted">
        Every minute a sweep drives on orders that are still not final three minutes after they were
        placed: interrupted checkouts, lost fulfillment messages, unfinished cancels.
      </p>
      {sweeps.length === 0 ? (
        <p>No sweep has run yet.</p>
      ) : (
        <Wide>
          <table>
            <TableHead
              columns={[
                "Ran at (UTC)",
                { label: "Checkouts settled", numeric: true },
                { label: "Fulfillments re-sent", numeric: true },
                { label: "Cancels resumed", numeric: true },
                { label: "Failures", numeric: true },
              ]}
            />
            <tbody>
              {sweeps.map((w) => (
                <tr>
                  <td>{w.at.slice(0, 19).replace("T", " ")}</td>
                  <td class="num">{w.checkoutsSettled}</td>
                  <td class="num">{w.fulfillmentsResent}</td>
                  <td class="num">{w.cancelsResumed}</td>
                  <td class="num">{w.failures}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Wide>
      )}
    </section>
  );
}

export const adminPages = new Hono<AppEnv>().get("/admin", async (c) => {
  const session = await adminSession(c);
  if (!session) return c.html(<LoginPage />);
  return adminHtml(c, await dashboard(c, session.actor.role, c.req.query("notice")));
});
