import { Hono } from "hono";
import { readConfig } from "../../src/config";
import { formatMoney } from "../../src/money";
import { type SalesReport, salesReport } from "../../src/reports/sales";
import { salesRange } from "../../src/reports/sales-range";
import type { AppEnv } from "../app-env";
import { AdminLayout, Wide } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { Field, TableHead } from "./layout";
import { fillDays, SalesChart } from "./sales-chart";

/** The report's figures, its chart and its best-selling skus with their product names. */
export function SalesFigures(props: { report: SalesReport; currency: string }) {
  const { report } = props;
  return (
    <>
      <p>
        {report.orders} orders, {report.unitsSold} units, {formatMoney(report.revenue)} merchandise
        revenue.
      </p>
      <SalesChart
        days={fillDays(report.byDay, report.from, report.to, props.currency)}
        currency={props.currency}
      />
      <h2>Top skus</h2>
      {report.topSkus.length === 0 ? (
        <p>Nothing sold in these days.</p>
      ) : (
        <Wide>
          <table>
            <TableHead
              columns={[
                "Sku",
                { label: "Units", numeric: true },
                { label: "Revenue", numeric: true },
                "Product",
              ]}
            />
            <tbody>
              {report.topSkus.map((t) => (
                <tr>
                  <td>{t.sku}</td>
                  <td class="num">{t.units}</td>
                  <td class="num">{formatMoney(t.revenue)}</td>
                  <td>{t.title}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Wide>
      )}
    </>
  );
}

export const adminSalesPages = new Hono<AppEnv>().get("/admin/sales", async (c) => {
  const asked = { from: c.req.query("from") ?? "", to: c.req.query("to") ?? "" };
  const range = salesRange(asked);
  const askedCurrency = c.req.query("currency") ?? "";
  const currency = /^[A-Z]{3}$/.test(askedCurrency)
    ? askedCurrency
    : readConfig(c.env).storeCurrency;
  const errors =
    "errors" in range ? Object.fromEntries(range.errors.map((e) => [e.path, e.message])) : {};
  const report = "errors" in range ? null : await salesReport(c.env.DB, range, currency);
  return adminHtml(
    c,
    <AdminLayout title="Sales" section="sales">
      <h1>Sales</h1>
      <form method="get" action="/admin/sales" class="filters" novalidate>
        <Field
          name="from"
          label="From (UTC day)"
          type="date"
          value={report ? report.from : asked.from}
          error={errors.from}
        />
        <Field
          name="to"
          label="To (UTC day)"
          type="date"
          value={report ? report.to : asked.to}
          error={errors.to}
        />
        <div class="field">
          <label for="f-currency">Currency</label>
          <select id="f-currency" name="currency">
            {[...new Set([currency, ...(report?.currencies.map((x) => x.currency) ?? [])])].map(
              (code) => (
                <option value={code} selected={code === currency}>
                  {code}
                </option>
              ),
            )}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      {report && report.currencies.length > 1 ? (
        <p class="muted">
          Sales in each currency:{" "}
          {report.currencies
            .map((x) => `${formatMoney(x.revenue)} (${x.orders} orders)`)
            .join(" · ")}
        </p>
      ) : null}
      {report ? (
        <SalesFigures report={report} currency={currency} />
      ) : (
        <p>Choose the days of the report.</p>
      )}
    </AdminLayout>,
    report ? 200 : 400,
  );
});
