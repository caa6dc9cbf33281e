/**
 * A cart's tax, in integer minor units only: one pure function for the cart view, the checkout's
 * pricing and refunds, so the tax shown is the tax charged.
 *
 * Rates are basis points (19 % is 1900). Tax is rounded **per line**, half away from zero:
 * - prices without tax: a line of `a` pays `round(a × r / 10000)` on top;
 * - prices with tax included: a line of `a` contains `a − round(a × 10000 / (10000 + r))`.
 * Each tax line of the result (one per rate and name) is the sum of its lines' rounded taxes, so
 * the tax lines always add up to the tax, and the totals hold to the minor unit in any currency:
 * without tax included `total = lines + shipping + tax`, with it `total = lines + shipping`.
 */

/** What a sku or a shipping method is taxed as. */
export const TAX_CLASSES = ["standard", "reduced", "zero"] as const;

export type TaxClass = (typeof TAX_CLASSES)[number];

/** One rate that applies somewhere: its name as the shopper reads it, and basis points. */
export interface TaxRate {
  name: string;
  rate: number;
}

/** The rates of one place (a country, or a region of it) by class; a class without one is untaxed. */
export type TaxRates = Partial<Record<TaxClass, TaxRate>>;

/** An amount to tax: a line's total (after its discounts), or the shipping. */
export interface Taxable {
  amount: number;
  taxClass: TaxClass;
}

export interface TaxLine {
  name: string;
  rate: number;
  /** The amounts taxed at this rate (with the tax in them when prices include it). */
  taxable: number;
  amount: number;
}

export interface TaxResult {
  /** The tax of each item of `items`, in order (shipping last when given). */
  perItem: number[];
  lines: TaxLine[];
  tax: number;
  /** What the shopper pays: the items, plus the tax unless it is included in them. */
  total: number;
}

const BASIS = 10_000n;

/** `n / d` rounded half away from zero, for integers (d > 0). */
function divideRounded(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** The tax of one amount at `rate` basis points, added to it or contained in it. */
export function taxOf(amount: number, rate: number, included: boolean): number {
  if (!Number.isSafeInteger(amount) || !Number.isInteger(rate) || rate < 0) {
    throw new RangeError(`tax needs integer minor units and basis points, got ${amount}, ${rate}`);
  }
  if (rate === 0) return 0;
  const a = BigInt(amount);
  const r = BigInt(rate);
  if (!included) return Number(divideRounded(a * r, BASIS));
  return Number(a - divideRounded(a * BASIS, BASIS + r));
}

/** Taxes `items` (lines, then shipping) at `rates`; prices `included` tax or not. */
export function computeTax(
  items: readonly Taxable[],
  rates: TaxRates,
  included: boolean,
): TaxResult {
  const perItem: number[] = [];
  const byRate = new Map<string, TaxLine>();
  for (const item of items) {
    const rate = rates[item.taxClass];
    const tax = rate ? taxOf(item.amount, rate.rate, included) : 0;
    perItem.push(tax);
    if (!rate || rate.rate === 0) continue;
    const key = `${rate.name}|${rate.rate}`;
    const line = byRate.get(key) ?? { name: rate.name, rate: rate.rate, taxable: 0, amount: 0 };
    line.taxable += item.amount;
    line.amount += tax;
    byRate.set(key, line);
  }
  const lines = [...byRate.values()].sort(
    (a, b) => b.rate - a.rate || a.name.localeCompare(b.name),
  );
  const tax = perItem.reduce((sum, t) => sum + t, 0);
  const gross = items.reduce((sum, i) => sum + i.amount, 0);
  return { perItem, lines, tax, total: included ? gross : gross + tax };
}
