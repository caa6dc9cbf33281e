// What the back office's market forms show first, and how their typed values read.
import type { Context } from "hono";
import { listShippingZones, listTaxRates } from "../../src/markets/admin-read";
import { marketById } from "../../src/markets/market";
import { minorDigits } from "../../src/money";
import { CountrySchema } from "../../src/schemas/markets";
import type { AppEnv } from "../app-env";
import { marketsOf } from "../market";
import { priceText } from "./admin-forms";
import type { Values } from "./product-form-values";

export type FormName = "market" | "rates" | "zone";

export const codes = (text: string | undefined) =>
  (text ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((code) => (code === "*" ? code : code.toUpperCase()));

/** Zod's issues as form errors: `countries.2` belongs to the countries field. */
export const errorsFrom = (
  issues: { path: PropertyKey[]; message: string }[],
  rename = (p: string) => p,
) =>
  Object.fromEntries(
    issues.map((i) => {
      const path = i.path.map(String);
      const field = path[0] === "countries" ? "countries" : rename(path.join("."));
      return [field.replace(/\.(amount|currency)$/, ""), i.message];
    }),
  );

/** What the forms show first: the market, country or zone named in the query, to change. */
export async function prefilled(c: Context<AppEnv>): Promise<Record<FormName, Values>> {
  const set = await marketsOf(c);
  const market = marketById(set, c.req.query("market") ?? "");
  const country = c.req.query("country") ?? "";
  const rates = CountrySchema.safeParse(country).success
    ? (await listTaxRates(c.env.DB, country)).items
    : [];
  const zone = (await listShippingZones(c.env.DB)).items.find((z) => z.id === c.req.query("zone"));
  const zoneCurrency = zone ? marketById(set, zone.market)?.currency : undefined;
  const digits = minorDigits(zoneCurrency ?? "USD");
  return {
    market: market
      ? {
          id: market.id,
          name: market.name,
          currency: market.currency,
          locale: market.locale,
          countries: market.countries.join(" "),
          pricesIncludeTax: market.pricesIncludeTax ? "yes" : "",
          default: market.id === set.defaultId ? "yes" : "",
        }
      : {},
    rates: {
      ...(rates.length > 0 ? { country } : {}),
      ...Object.fromEntries(
        rates.flatMap((r, i) => [
          [`rates.${i}.region`, r.region],
          [`rates.${i}.taxClass`, r.taxClass],
          [`rates.${i}.name`, r.name],
          [`rates.${i}.rate`, priceText(r.rate, 2).replace(/\.?0+$/, "")],
        ]),
      ),
    },
    zone: zone
      ? {
          id: zone.id,
          market: zone.market,
          name: zone.name,
          countries: zone.countries.join(" "),
          ...Object.fromEntries(
            zone.methods.flatMap((m, i) => [
              [`methods.${i}.id`, m.id],
              [`methods.${i}.name`, m.name],
              [`methods.${i}.price`, priceText(m.amount, digits)],
              [`methods.${i}.freeOver`, m.freeOver === null ? "" : priceText(m.freeOver, digits)],
              [`methods.${i}.estimate`, m.estimate ?? ""],
              [`methods.${i}.taxClass`, m.taxClass],
            ]),
          ),
        }
      : {},
  };
}

/** The indexes of a form's rows that have anything typed in them. */
export const filledRows = (values: Values, prefix: string, fields: string[], rows: number) =>
  Array.from({ length: rows }, (_, i) => i).filter((i) =>
    fields.some((f) => (values[`${prefix}.${i}.${f}`] ?? "") !== ""),
  );
