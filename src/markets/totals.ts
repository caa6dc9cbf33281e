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

/** A line's (or the shipping's) amount before discounts, the part discounts take off, its class. */
export interface TotalsItem {
  amount: number;
  discount?: number;
  taxClass: TaxClass;
}

export interface TotalsInput {
  lines: readonly TotalsItem[];
  /** The chosen shipping's price and class; null while no method is known. */
  shipping: TotalsItem | null;
  rates: TaxRates;
  pricesIncludeTax: boolean;
}

export interface Totals {
  subtotal: number;
  discountTotal: number;
  shipping: number | null;
  tax: number;
  taxLines: TaxLine[];
  /** The tax of each line, in order (the shipping's is the rest of `tax`). */
  lineTaxes: number[];
  total: number;
}

/**
 * A cart's or an order's totals, the one way the cart view, checkout and the order compute them.
 * Tax is on what is paid: each line and the shipping after the discounts allocated to it.
 * Without tax included `total = subtotal - discountTotal + shipping + tax`; with it `total =
 * subtotal - discountTotal + shipping` and `tax` is what that contains.
 */
export function totalsOf(input: TotalsInput): Totals {
  const items = input.shipping ? [...input.lines, input.shipping] : [...input.lines];
  const taxed = computeTax(
    items.map((i) => ({ amount: i.amount - (i.discount ?? 0), taxClass: i.taxClass })),
    input.rates,
    input.pricesIncludeTax,
  );
  return {
    subtotal: input.lines.reduce((sum, l) => sum + l.amount, 0),
    discountTotal: items.reduce((sum, i) => sum + (i.discount ?? 0), 0),
    shipping: input.shipping?.amount ?? null,
    tax: taxed.tax,
    taxLines: taxed.lines,
    lineTaxes: taxed.perItem.slice(0, input.lines.length),
    total: taxed.total,
  };
}
