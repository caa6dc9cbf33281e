import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { readConfig } from "../../src/config";
import { AppError } from "../../src/errors";
import { listShippingZones, listTaxRates } from "../../src/markets/admin-read";
import { marketFallback } from "../../src/markets/load";
import { marketById } from "../../src/markets/market";
import { putMarket, putShippingZone, putTaxRates } from "../../src/markets/write";
import { formatMoney, formatRate, money } from "../../src/money";
import { MarketIdSchema } from "../../src/schemas/common";
import {
  CountrySchema,
  MarketInputSchema,
  ShippingZoneInputSchema,
  TaxRatesInputSchema,
} from "../../src/schemas/markets";
import type { AppEnv } from "../app-env";
import { marketsOf } from "../market";
import { statusOf } from "../problem";
import { parsePrice } from "./admin-forms";
import { AdminLayout, Wide } from "./admin-layout";
import { MarketForm, METHOD_ROWS, RATE_ROWS, TaxRatesForm, ZoneForm } from "./admin-market-forms";
import { codes, errorsFrom, type FormName, filledRows, prefilled } from "./admin-market-values";
import { adminHtml } from "./admin-role";
import { formFields } from "./form";
import { TableHead } from "./layout";
import { type Errors, priceOf, type Values, valuesOf } from "./product-form-values";

interface PageState {
  form?: FormName;
  values?: Values;
  errors?: Errors;
  error?: string;
  status?: ContentfulStatusCode;
}

const writeDeps = (c: Context<AppEnv>) => ({
  db: c.env.DB,
  kv: c.env.CATALOG_CACHE,
  fallback: marketFallback(readConfig(c.env)),
});

async function marketsPage(c: Context<AppEnv>, state: PageState = {}) {
  const set = await marketsOf(c);
  const [rates, zones, filled] = await Promise.all([
    listTaxRates(c.env.DB),
    listShippingZones(c.env.DB),
    prefilled(c),
  ]);
  const valuesFor = (form: FormName) => (state.form === form ? (state.values ?? {}) : filled[form]);
  const errorsFor = (form: FormName) => (state.form === form ? (state.errors ?? {}) : {});
  return adminHtml(
    c,
    <AdminLayout
      title="Markets"
      section="markets"
      notice={c.req.query("notice")}
      error={state.error}
    >
      <h1>Markets</h1>
      <Wide>
        <table>
          <caption class="skip">Markets</caption>
          <TableHead columns={["Market", "Currency", "Countries", "Locale", "Prices", ""]} />
          <tbody>
            {set.markets.map((m) => (
              <tr>
                <td>
                  {m.name} <span class="muted">{m.id}</span>
                  {m.id === set.defaultId ? " (default)" : ""}
                </td>
                <td>{m.currency}</td>
                <td>{m.countries.join(" ") || "every country"}</td>
                <td>{m.locale}</td>
                <td>{m.pricesIncludeTax ? "tax included" : "tax added"}</td>
                <td>
                  <a href={`/admin/markets?market=${m.id}#market-form`}>Change</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
      <div id="market-form">
        <MarketForm values={valuesFor("market")} errors={errorsFor("market")} />
      </div>

      <h2>Tax rates</h2>
      <Wide>
        <table>
          <caption class="skip">Tax rates</caption>
          <TableHead
            columns={["Country", "Region", "Class", "Name", { label: "Rate", numeric: true }, ""]}
          />
          <tbody>
            {rates.items.map((r) => (
              <tr>
                <td>{r.country}</td>
                <td>{r.region || "all"}</td>
                <td>{r.taxClass}</td>
                <td>{r.name}</td>
                <td class="num">{formatRate(r.rate)}</td>
                <td>
                  <a href={`/admin/markets?country=${r.country}#rates-form`}>Change</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
      <div id="rates-form">
        <TaxRatesForm values={valuesFor("rates")} errors={errorsFor("rates")} />
      </div>

      <h2>Shipping zones</h2>
      <Wide>
        <table>
          <caption class="skip">Shipping zones and their methods</caption>
          <TableHead columns={["Zone", "Market", "Countries", "Methods", ""]} />
          <tbody>
            {zones.items.map((z) => {
              const currency = marketById(set, z.market)?.currency ?? "USD";
              return (
                <tr>
                  <td>
                    {z.name} <span class="muted">{z.id}</span>
                  </td>
                  <td>{z.market}</td>
                  <td>{z.countries.join(" ")}</td>
                  <td>
                    {z.methods
                      .map(
                        (m) =>
                          `${m.name}: ${formatMoney(money(m.amount, currency))}${m.freeOver === null ? "" : `, free from ${formatMoney(money(m.freeOver, currency))}`}`,
                      )
                      .join("; ")}
                  </td>
                  <td>
                    <a href={`/admin/markets?zone=${z.id}#zone-form`}>Change</a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Wide>
      <div id="zone-form">
        <ZoneForm values={valuesFor("zone")} errors={errorsFor("zone")} />
      </div>
    </AdminLayout>,
    state.status ?? (state.error || Object.keys(state.errors ?? {}).length > 0 ? 400 : 200),
  );
}

/** Runs a write; a refusal shows the form again with its values and why. */
async function saving(
  c: Context<AppEnv>,
  form: FormName,
  values: Values,
  write: () => Promise<void>,
  notice: string,
) {
  try {
    await write();
  } catch (err) {
    if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
    const errors = Object.fromEntries((err.errors ?? []).map((e) => [e.path, e.message]));
    return marketsPage(c, { form, values, errors, error: err.detail, status: statusOf(err.code) });
  }
  return c.redirect(`/admin/markets?notice=${encodeURIComponent(notice)}`, 303);
}

const refused = (c: Context<AppEnv>, form: FormName, values: Values, errors: Errors) =>
  marketsPage(c, { form, values, errors, error: "Please correct the marked fields." });

export const adminMarketPages = new Hono<AppEnv>()
  .get("/admin/markets", (c) => marketsPage(c))
  .post("/admin/markets", async (c) => {
    const values = valuesOf(await formFields(c));
    const id = MarketIdSchema.safeParse(values.id ?? "");
    const input = MarketInputSchema.safeParse({
      name: values.name ?? "",
      currency: (values.currency ?? "").toUpperCase(),
      countries: codes(values.countries),
      locale: values.locale ?? "",
      pricesIncludeTax: values.pricesIncludeTax === "yes",
      ...(values.default === "yes" ? { default: true } : {}),
    });
    if (!id.success || !input.success) {
      const errors = {
        ...(id.success ? {} : { id: "Lowercase letters, digits and hyphens, e.g. eu." }),
        ...(input.success ? {} : errorsFrom(input.error.issues)),
      };
      return refused(c, "market", values, errors);
    }
    return saving(
      c,
      "market",
      values,
      () => putMarket(writeDeps(c), id.data, input.data),
      `Saved market ${id.data}.`,
    );
  })
  .post("/admin/tax-rates", async (c) => {
    const values = valuesOf(await formFields(c));
    const country = (values.country ?? "").toUpperCase();
    const rows = filledRows(values, "rates", ["region", "name", "rate"], RATE_ROWS);
    const errors: Errors = {};
    const rates = rows.map((i) => {
      const rate = parsePrice(values[`rates.${i}.rate`] ?? "", 2);
      if (rate === null) errors[`rates.${i}.rate`] = "A percentage such as 19 or 7.25.";
      const region = (values[`rates.${i}.region`] ?? "").toUpperCase();
      return {
        ...(region ? { region } : {}),
        taxClass: values[`rates.${i}.taxClass`] ?? "standard",
        name: values[`rates.${i}.name`] ?? "",
        rate: rate ?? 0,
      };
    });
    const input = TaxRatesInputSchema.safeParse({ rates });
    if (!CountrySchema.safeParse(country).success) errors.country = "Two letters, such as DE.";
    if (!input.success) {
      Object.assign(
        errors,
        errorsFrom(input.error.issues, (p) =>
          p.replace(/^rates\.(\d+)/, (_, n) => `rates.${rows[Number(n)]}`),
        ),
      );
    }
    if (!input.success || Object.keys(errors).length > 0)
      return refused(c, "rates", values, errors);
    return saving(
      c,
      "rates",
      values,
      () => putTaxRates(writeDeps(c), country, input.data),
      `Saved the tax rates of ${country}.`,
    );
  })
  .post("/admin/shipping-zones", async (c) => {
    const values = valuesOf(await formFields(c));
    const set = await marketsOf(c);
    const market = marketById(set, values.market ?? "");
    const id = MarketIdSchema.safeParse(values.id ?? "");
    const errors: Errors = {};
    if (!id.success) errors.id = "Lowercase letters, digits and hyphens, e.g. eu-union.";
    if (!market) errors.market = `One of: ${set.markets.map((m) => m.id).join(", ")}.`;
    const currency = market?.currency ?? "USD";
    const rows = filledRows(values, "methods", ["id", "name", "price"], METHOD_ROWS);
    const methods = rows.map((i) => {
      const freeOver = values[`methods.${i}.freeOver`] ?? "";
      const estimate = values[`methods.${i}.estimate`] ?? "";
      return {
        id: values[`methods.${i}.id`] ?? "",
        name: values[`methods.${i}.name`] ?? "",
        price: priceOf(values[`methods.${i}.price`] ?? "", currency, `methods.${i}.price`, errors),
        ...(freeOver
          ? { freeOver: priceOf(freeOver, currency, `methods.${i}.freeOver`, errors) }
          : {}),
        ...(estimate ? { estimate } : {}),
        taxClass: values[`methods.${i}.taxClass`] ?? "standard",
      };
    });
    const input = ShippingZoneInputSchema.safeParse({
      market: values.market ?? "",
      name: values.name ?? "",
      countries: codes(values.countries),
      methods,
    });
    if (!input.success) {
      const rename = (p: string) =>
        p.replace(/^methods\.(\d+)/, (_, n) => `methods.${rows[Number(n)]}`);
      Object.assign(errors, { ...errorsFrom(input.error.issues, rename), ...errors });
    }
    if (!input.success || !id.success || Object.keys(errors).length > 0)
      return refused(c, "zone", values, errors);
    return saving(
      c,
      "zone",
      values,
      () => putShippingZone(writeDeps(c), id.data, input.data),
      `Saved zone ${id.data}.`,
    );
  });
