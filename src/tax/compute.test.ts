import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../money";
import { computeTax, TAX_CLASSES, type Taxable, type TaxRates, taxOf } from "./compute";

const DE: TaxRates = {
  standard: { name: "VAT 19%", rate: 1900 },
  reduced: { name: "VAT 7%", rate: 700 },
  zero: { name: "VAT 0%", rate: 0 },
};

describe("tax of one amount", () => {
  it("adds tax on top, rounded half away from zero", () => {
    expect(taxOf(1000, 1900, false)).toBe(190);
    expect(taxOf(5, 1000, false)).toBe(1); // 0.5 → 1
    expect(taxOf(4, 1000, false)).toBe(0); // 0.4 → 0
    expect(taxOf(-5, 1000, false)).toBe(-1);
    expect(taxOf(825, 725, false)).toBe(60); // 59.8125
  });

  it("finds the tax contained in a price that includes it", () => {
    expect(taxOf(1190, 1900, true)).toBe(190);
    expect(taxOf(1200, 2000, true)).toBe(200);
    expect(taxOf(1100, 1000, true)).toBe(100); // ¥1,100 with 10 % in it
    expect(taxOf(999, 0, true)).toBe(0);
  });

  it("is exact for amounts far beyond what floating point can multiply", () => {
    expect(taxOf(9_007_199_254_740_991, 1900, false)).toBe(1_711_367_858_400_788);
  });

  it("refuses fractions of a minor unit and of a basis point", () => {
    expect(() => taxOf(10.5, 1900, false)).toThrow(RangeError);
    expect(() => taxOf(10, 19.5, false)).toThrow(RangeError);
    expect(() => taxOf(10, -1, false)).toThrow(RangeError);
  });
});

describe("a cart's tax", () => {
  it("taxes standard, reduced and zero lines and the shipping, one tax line per rate", () => {
    const items: Taxable[] = [
      { amount: 2380, taxClass: "standard" },
      { amount: 1070, taxClass: "reduced" },
      { amount: 500, taxClass: "zero" },
      { amount: 595, taxClass: "standard" }, // shipping
    ];
    const result = computeTax(items, DE, true);
    expect(result.perItem).toEqual([380, 70, 0, 95]);
    expect(result.lines).toEqual([
      { name: "VAT 19%", rate: 1900, taxable: 2975, amount: 475 },
      { name: "VAT 7%", rate: 700, taxable: 1070, amount: 70 },
    ]);
    expect(result).toMatchObject({ tax: 545, total: 4545 });
  });

  it("adds the tax of a market whose prices exclude it", () => {
    const nyc: TaxRates = { standard: { name: "NY sales tax", rate: 888 } };
    const result = computeTax(
      [
        { amount: 2599, taxClass: "standard" },
        { amount: 500, taxClass: "standard" },
      ],
      nyc,
      false,
    );
    // 230.79 → 231 and 44.4 → 44: rounded per line, not on the sum (275.19 → 275 too, here).
    expect(result).toMatchObject({ perItem: [231, 44], tax: 275, total: 3374 });
    // A class without a rate is not taxed.
    expect(computeTax([{ amount: 1000, taxClass: "reduced" }], nyc, false).tax).toBe(0);
  });

  it("formats the result in the currency's own minor digits", () => {
    const jp: TaxRates = { standard: { name: "消費税 10%", rate: 1000 } };
    const { tax, total } = computeTax([{ amount: 1200, taxClass: "standard" }], jp, true);
    expect(formatMoney({ amount: total, currency: "JPY" })).toBe("¥1,200");
    expect(formatMoney({ amount: tax, currency: "JPY" })).toBe("¥109");
    expect(formatMoney({ amount: 1250, currency: "KWD" })).toMatch(/^KWD\s1\.250$/u);
  });
});

/** Minor units per major unit of the currencies the properties run in. */
const CURRENCIES = { USD: 100, EUR: 100, JPY: 1, KWD: 1000 } as const;

const rates = fc.record({
  standard: fc.integer({ min: 0, max: 2700 }),
  reduced: fc.integer({ min: 0, max: 1300 }),
});

const cart = fc.record({
  currency: fc.constantFrom(...(Object.keys(CURRENCIES) as (keyof typeof CURRENCIES)[])),
  included: fc.boolean(),
  rates,
  items: fc.array(
    fc.record({
      major: fc.integer({ min: 0, max: 100_000 }),
      minor: fc.nat(),
      taxClass: fc.constantFrom(...TAX_CLASSES),
    }),
    { minLength: 1, maxLength: 60 },
  ),
});

describe("the totals invariant, in USD, EUR, JPY and KWD", () => {
  it("lines + shipping + tax = total (or the tax contained), to the minor unit, per-line rounding", () => {
    fc.assert(
      fc.property(cart, ({ currency, included, rates: r, items }) => {
        const per = CURRENCIES[currency];
        const taxables = items.map((i) => ({
          amount: i.major * per + (i.minor % per),
          taxClass: i.taxClass,
        }));
        const table: TaxRates = {
          standard: { name: "standard", rate: r.standard },
          reduced: { name: "reduced", rate: r.reduced },
        };
        const result = computeTax(taxables, table, included);
        const gross = taxables.reduce((s, t) => s + t.amount, 0);
        expect(result.total).toBe(included ? gross : gross + result.tax);
        expect(result.lines.reduce((s, l) => s + l.amount, 0)).toBe(result.tax);
        expect(result.perItem.reduce((s, t) => s + t, 0)).toBe(result.tax);
        taxables.forEach((t, i) => {
          const rate = t.taxClass === "zero" ? 0 : r[t.taxClass];
          const tax = result.perItem[i] ?? Number.NaN;
          // Within half a minor unit of the exact tax (checked in integers).
          const [a, b, t2] = [BigInt(t.amount), BigInt(rate), BigInt(tax)];
          if (included) {
            const net = a - t2;
            const off = net * (10_000n + b) - a * 10_000n;
            expect((off < 0n ? -off : off) * 2n <= 10_000n + b).toBe(true);
          } else {
            const off = t2 * 10_000n - a * b;
            expect((off < 0n ? -off : off) * 2n <= 10_000n).toBe(true);
          }
          expect(tax).toBeGreaterThanOrEqual(0);
          if (included) expect(tax).toBeLessThanOrEqual(t.amount);
        });
      }),
      { numRuns: 500 },
    );
  });
});
