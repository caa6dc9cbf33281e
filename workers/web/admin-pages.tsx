import type { Context } from "hono";
import { Hono } from "hono";
import { revokeSession } from "../../src/auth/revoked-sessions";
import { chosenProvider, readConfig } from "../../src/config";
import { secretsEqual } from "../../src/constant-time";
import { recentEmails } from "../../src/emails/outbox";
import { AppError } from "../../src/errors";
import { listOrders } from "../../src/orders/read";
import { recentSweeps } from "../../src/orders/sweep";
import { salesReport } from "../../src/reports/sales";
import type { AppEnv } from "../app-env";
import { checkCredentials } from "../auth/session";
import { ADMIN_COOKIE, ADMIN_SESSION_SECONDS, issueAdminToken } from "../auth/tokens";
import { EmailsSection } from "./admin-emails";
import { AdminLayout, Wide } from "./admin-layout";
import { OrdersTable } from "./admin-orders";
import { SalesFigures } from "./admin-sales";
import { adminSession, isAdmin } from "./admin-session";
import { clearHostCookie, setHostCookie } from "./cookies";
import { fieldText, formFields } from "./form";
import { Alert, Document, Field, TableHead } from "./layout";

const DAY_MS = 86_400_000;

function LoginPage(props: { error?: string }) {
  return (
    <Document title="Back office">
      <header class="site admin">
        <div class="bar">
          <a class="logo" href="/admin">
            Back office
          </a>
        </div>
      </header>
      <main id="main">
        <h1>Ops dashboard</h1>
        {props.error ? <Alert>{props.error}</Alert> : null}
        <form method="post" action="/admin/login" novalidate>
          <Field
            name="token"
            label="Admin token"
            type="password"
            autocomplete="current-password"
            hint="The ADMIN_TOKEN secret (locally in .dev.vars)"
            required
          />
          <button type="submit">Sign in</button>
        </form>
      </main>
    </Document>
  );
}

async function dashboard(c: Context<AppEnv>, notice?: string, error?: string) {
  const config = readConfig(c.env);
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  const [failed, recent, report, sweeps, emails] = await Promise.all([
    listOrders(c.env.DB, { status: "fulfillment_failed", limit: 20 }),
    listOrders(c.env.DB, { limit: 20 }),
    salesReport(c.env.DB, { from, to }, config.storeCurrency),
    recentSweeps(c.env.DB, 5),
    recentEmails(c.env.DB, 20),
  ]);
  const orders = [
    ...failed.items,
    ...recent.items.filter((o) => o.status !== "fulfillment_failed"),
  ];
  return (
    <AdminLayout title="Ops dashboard" section="overview" notice={notice} error={error}>
      <h1>Ops dashboard</h1>
      <section aria-labelledby="sales">
        <h2 id="sales">Sales, last 30 days</h2>
        <SalesFigures report={report} currency={config.storeCurrency} />
        <p>
          <a href="/admin/sales">Other days</a>
        </p>
      </section>

      <section aria-labelledby="orders">
        <h2 id="orders">Orders</h2>
        <p class="muted">Failed fulfillments first, then the newest.</p>
        <OrdersTable orders={orders} />
        <p>
          <a href="/admin/orders">All orders</a>
        </p>
      </section>

      <EmailsSection emails={emails} provider={chosenProvider(config, "emailProvider")} />

      <section aria-labelledby="sweeps">
        <h2 id="sweeps">Reconciliation</h2>
        <p class="muted">
          Every minute a sweep drives on orders that are still not final three minutes after they
          were placed: interrupted checkouts, lost fulfillment messages, unfinished cancels.
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
    </AdminLayout>
  );
}

export const adminPages = new Hono<AppEnv>()
  .get("/admin", async (c) =>
    c.html((await isAdmin(c)) ? await dashboard(c, c.req.query("notice")) : <LoginPage />),
  )
  .post("/admin/login", async (c) => {
    const token = fieldText(await formFields(c), "token");
    let signedIn: true | null;
    try {
      signedIn = await checkCredentials(c, "dashboard", async () =>
        token && (await secretsEqual(token, c.env.ADMIN_TOKEN)) ? true : null,
      );
    } catch (err) {
      if (err instanceof AppError && err.code === "rate_limited") {
        return c.html(<LoginPage error={err.detail} />, 429);
      }
      throw err;
    }
    if (!signedIn) return c.html(<LoginPage error="That is not the admin token." />, 401);
    const session = await issueAdminToken(c.env.JWT_SECRET, c.env.ADMIN_TOKEN);
    setHostCookie(c, ADMIN_COOKIE, session, { maxAge: ADMIN_SESSION_SECONDS, strict: true });
    return c.redirect("/admin", 303);
  })
  .post("/admin/logout", async (c) => {
    // The cookie goes, and the session with it: a copy of the token is refused from now on.
    const session = await adminSession(c);
    if (session) await revokeSession(c.env.DB, session.sid, session.exp);
    clearHostCookie(c, ADMIN_COOKIE);
    return c.redirect("/admin", 303);
  });
