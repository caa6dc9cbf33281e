import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { revokeSession } from "../../src/auth/revoked-sessions";
import { forgetAvailability } from "../../src/catalog/availability";
import { setProductImage } from "../../src/catalog/image-upload";
import { readConfig } from "../../src/config";
import { recentEmails } from "../../src/emails/outbox";
import { AppError } from "../../src/errors";
import { inventoryStub } from "../../src/inventory";
import { formatMoney } from "../../src/money";
import { listOrders } from "../../src/orders/repo";
import { recentSweeps } from "../../src/orders/sweep";
import { salesReport } from "../../src/reports/sales";
import { lowStockFirst } from "../../src/reports/stock";
import { isSku } from "../../src/schemas/common";
import { imageUploadDeps } from "../api/admin-catalog";
import type { AppEnv } from "../app-env";
import { checkCredentials } from "../auth/session";
import { ADMIN_COOKIE, ADMIN_SESSION_SECONDS, issueAdminToken } from "../auth/tokens";
import { secretsEqual } from "../middleware/admin-auth";
import { EmailsSection } from "./admin-emails";
import { adminSession, isAdmin } from "./admin-session";
import { Alert, Field, Layout, TableHead } from "./layout";
import { StatusBadge } from "./order-pages";
import { ProductImageForm } from "./product-image-form";
import { fillDays, SalesChart } from "./sales-chart";

const DAY_MS = 86_400_000;

function LoginPage(props: { error?: string }) {
  return (
    <Layout title="Ops dashboard">
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
    </Layout>
  );
}

async function dashboard(c: Context<AppEnv>, notice?: string, error?: string) {
  const config = readConfig(c.env);
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  const [failed, recent, report, stock, sweeps, emails] = await Promise.all([
    listOrders(c.env.DB, { status: "fulfillment_failed", limit: 20 }),
    listOrders(c.env.DB, { limit: 20 }),
    salesReport(c.env.DB, { from, to }, config.storeCurrency),
    lowStockFirst(c.env.DB, 30),
    recentSweeps(c.env.DB, 5),
    recentEmails(c.env.DB, 20),
  ]);
  const orders = [
    ...failed.items,
    ...recent.items.filter((o) => o.status !== "fulfillment_failed"),
  ];
  return (
    <Layout title="Ops dashboard">
      <h1>Ops dashboard</h1>
      {notice ? (
        <div class="notice" role="status">
          {notice}
        </div>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      <form method="post" action="/admin/logout" class="inline">
        <button type="submit" class="link">
          Sign out of the dashboard
        </button>
      </form>

      <section aria-labelledby="sales">
        <h2 id="sales">Sales, last 30 days</h2>
        <p>
          {report.orders} orders, {report.unitsSold} units, {formatMoney(report.revenue)}{" "}
          merchandise revenue.
        </p>
        <SalesChart
          days={fillDays(report.byDay, from, to, config.storeCurrency)}
          currency={config.storeCurrency}
        />
        <h3>Top skus</h3>
        <table>
          <TableHead
            columns={[
              "Sku",
              { label: "Units", numeric: true },
              { label: "Revenue", numeric: true },
            ]}
          />
          <tbody>
            {report.topSkus.map((t) => (
              <tr>
                <td>{t.sku}</td>
                <td class="num">{t.units}</td>
                <td class="num">{formatMoney(t.revenue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="orders">
        <h2 id="orders">Orders</h2>
        <p class="muted">Failed fulfillments first, then the newest.</p>
        <table>
          <TableHead
            columns={[
              "Order",
              "Status",
              "Email",
              "Placed (UTC)",
              { label: "Total", numeric: true },
            ]}
          />
          <tbody>
            {orders.map((o) => (
              <tr>
                <td>{o.id}</td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td>{o.email}</td>
                <td>{o.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td class="num">{formatMoney(o.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <EmailsSection emails={emails} provider={config.emailProvider} />

      <section aria-labelledby="sweeps">
        <h2 id="sweeps">Reconciliation</h2>
        <p class="muted">
          Every minute a sweep drives on orders that are still not final three minutes after they
          were placed: interrupted checkouts, lost fulfillment messages, unfinished cancels.
        </p>
        {sweeps.length === 0 ? (
          <p>No sweep has run yet.</p>
        ) : (
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
        )}
      </section>

      <section aria-labelledby="stock">
        <h2 id="stock">Stock levels</h2>
        <p class="muted">
          Lowest availability first. Setting on hand keeps units held by checkouts reserved.
        </p>
        <table>
          <TableHead
            columns={[
              "Sku",
              "Product",
              { label: "Reserved", numeric: true },
              { label: "Available", numeric: true },
              "On hand",
            ]}
          />
          <tbody>
            {stock.map((s) => (
              <tr>
                <td>{s.sku}</td>
                <td>
                  {s.productTitle} <span class="muted">{s.variantTitle}</span>
                </td>
                <td class="num">{s.reserved ?? 0}</td>
                <td class="num">{s.available ?? 0}</td>
                <td>
                  <form
                    method="post"
                    action={`/admin/stock/${encodeURIComponent(s.sku)}`}
                    class="inline"
                  >
                    <label class="skip" for={`stock-${s.sku}`}>
                      On hand for {s.sku}
                    </label>
                    <input
                      id={`stock-${s.sku}`}
                      name="onHand"
                      type="number"
                      min="0"
                      value={String(s.onHand ?? 0)}
                    />
                    <button type="submit" class="secondary">
                      Set
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <ProductImageForm />
    </Layout>
  );
}

export const adminPages = new Hono<AppEnv>()
  .get("/admin", async (c) =>
    c.html((await isAdmin(c)) ? await dashboard(c, c.req.query("notice")) : <LoginPage />),
  )
  .post("/admin/login", async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token.trim() : "";
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
    setCookie(c, ADMIN_COOKIE, await issueAdminToken(c.env.JWT_SECRET, c.env.ADMIN_TOKEN), {
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
      path: "/",
      maxAge: ADMIN_SESSION_SECONDS,
      prefix: "host",
    });
    return c.redirect("/admin", 303);
  })
  .post("/admin/logout", async (c) => {
    // The cookie goes, and the session with it: a copy of the token is refused from now on.
    const session = await adminSession(c);
    if (session) await revokeSession(c.env.DB, session.sid, session.exp);
    deleteCookie(c, ADMIN_COOKIE, { path: "/", secure: true, prefix: "host" });
    return c.redirect("/admin", 303);
  })
  .post("/admin/stock/:sku", async (c) => {
    if (!(await isAdmin(c))) return c.redirect("/admin", 303);
    const sku = c.req.param("sku");
    if (!isSku(sku)) return c.notFound();
    const form = await c.req.parseBody();
    const text = typeof form.onHand === "string" ? form.onHand.trim() : "";
    if (!/^\d{1,9}$/.test(text))
      return c.html(await dashboard(c, `On hand for ${sku} must be a whole number from 0.`), 400);
    const level = await inventoryStub(c.env.INVENTORY, sku).level();
    if (!level.ok) return c.notFound();
    const updated = await inventoryStub(c.env.INVENTORY, sku).setOnHand(sku, Number(text));
    forgetAvailability([sku]);
    return c.redirect(
      `/admin?notice=${encodeURIComponent(`${sku}: ${updated.onHand} on hand, ${updated.available} available.`)}`,
      303,
    );
  })
  .post("/admin/product-image", async (c) => {
    if (!(await isAdmin(c))) return c.redirect("/admin", 303);
    const form = await c.req.parseBody();
    const slug = typeof form.slug === "string" ? form.slug.trim() : "";
    const file = form.image;
    if (!slug || !(file instanceof File) || file.size === 0) {
      const error = "Enter a product slug and choose a picture to upload.";
      return c.html(await dashboard(c, undefined, error), 400);
    }
    try {
      await setProductImage(imageUploadDeps(c), slug, new Uint8Array(await file.arrayBuffer()));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const error = `The picture of ${slug} was not changed: ${err.detail}`;
      return c.html(await dashboard(c, undefined, error), err.status as ContentfulStatusCode);
    }
    return c.redirect(`/admin?notice=${encodeURIComponent(`New picture for ${slug}.`)}`, 303);
  });
