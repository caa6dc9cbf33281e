import { computeTax, type TaxClass, type TaxLine, type TaxRates } from "../tax/compute";
import type { TaxRateRow } from "./market";

/**
 * The rates of a place by class: a region's own rate (e.g. a US state's) where it has one, else
 * the country's. A class with neither is not taxed there; so is everything with no country known.
 */
export function taxRatesAt(
  rows: readonly TaxRateRow[],
  country: string | null,
  region?: string | undefined,
): TaxRates {
  const rates: TaxRates = {};
  if (!country) return rates;
  const regionKey = region?.trim().toUpperCase() ?? "";
  for (const row of rows) {
    if (row.country !== country) continue;
    if (row.region === "" && rates[row.taxClass] === undefined) {
      rates[row.taxClass] = { name: row.name, rate: row.rate };
    }
  }
  if (regionKey !== "") {
    for (const row of rows) {
      if (row.country === country && row.region === regionKey) {
        rates[row.taxClass] = { name: row.name, rate: row.rate };
      }
    }
  }
  return rates;
}

export interface TotalsInput {
  lines: readonly { amount: number; taxClass: TaxClass }[];
  /** The chosen shipping's price and class; null while no method is known. */
  shipping: { amount: number; taxClass: TaxClass } | null;
  rates: TaxRates;
  pricesIncludeTax: boolean;
}

export interface Totals {
  subtotal: number;
  shipping: number | null;
  tax: number;
  taxLines: TaxLine[];
  total: number;
}

/**
 * A cart's or an order's totals, the one way the cart view, checkout and the order compute them:
 * without tax included `total = subtotal + shipping + tax`, with it `total = subtotal + shipping`
 * and `tax` is what they contain.
 */
export function totalsOf(input: TotalsInput): Totals {
  const items = input.shipping ? [...input.lines, input.shipping] : [...input.lines];
  const taxed = computeTax(items, input.rates, input.pricesIncludeTax);
  return {
    subtotal: input.lines.reduce((sum, l) => sum + l.amount, 0),
    shipping: input.shipping?.amount ?? null,
    tax: taxed.tax,
    taxLines: taxed.lines,
    total: taxed.total,
  };
}
