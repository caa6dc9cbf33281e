import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Market } from "../markets/market";
import { totalsOf } from "../markets/totals";
import type { DiscountDefinition } from "./discount-store";
import { applyDiscount } from "./evaluate";

const market = (currency: string, id = "m"): Market => ({
  id,
  name: `Market ${id}`,
  currency,
  countries: [],
  locale: "en-US",
  pricesIncludeTax: currency !== "USD",
});

const code = (over: Partial<DiscountDefinition>): DiscountDefinition => ({
  code: "SAVE",
  kind: "percentage",
  value: 10,
  currency: null,
  usageLimit: null,
  perCustomerLimit: null,
  startsAt: null,
  endsAt: null,
  minSubtotal: null,
  markets: null,
  status: "active",
  createdAt: "2026-01-01T00:00:00Z",
  ...over,
});

const NOW = Date.parse("2026-12-01T12:00:00Z");
const target = (lineAmounts: number[], shipping: number | null = 500, m = market("USD")) => ({
  market: m,
  lineAmounts,
  shipping,
  now: NOW,
});

describe("a code against a cart", () => {
  it("takes a percentage of the subtotal, rounded half away from zero, over the lines", () => {
    const result = applyDiscount(code({ value: 15 }), target([1000, 333]));
    expect(result).toMatchObject({
      ok: true,
      applied: { amount: 200, title: "15% off", lineDiscounts: [150, 50] },
    });
  });

  it("takes a fixed amount in the market's currency, never more than the subtotal", () => {
    const fixed = code({ kind: "fixed", value: 1500, currency: "USD" });
    expect(applyDiscount(fixed, target([1000, 3000]))).toMatchObject({
      ok: true,
      applied: { amount: 1500, lineDiscounts: [375, 1125] },
    });
    expect(applyDiscount(fixed, target([900]))).toMatchObject({
      ok: true,
      applied: { amount: 900 },
    });
    const refused = applyDiscount(fixed, target([900], 500, market("EUR", "eu")));
    expect(refused).toMatchObject({ ok: false });
  });

  it("takes the shipping off with free shipping", () => {
    expect(
      applyDiscount(code({ kind: "free_shipping", value: null }), target([100], 490)),
    ).toMatchObject({
      ok: true,
      applied: { amount: 490, shippingDiscount: 490, lineDiscounts: [0] },
    });
  });

  it("refuses a code before its start, after its end, in another market, below its minimum, or paused", () => {
    const cases: [Partial<DiscountDefinition>, string][] = [
      [{ startsAt: "2026-12-02T00:00:00Z" }, "is valid from 2026-12-02T00:00:00Z"],
      [{ endsAt: "2026-12-01T12:00:00Z" }, "expired at 2026-12-01T12:00:00Z"],
      [{ markets: ["eu"] }, "does not apply in Market m"],
      [{ minSubtotal: { amount: 5000, currency: "USD" } }, "needs a subtotal of $50.00"],
      [{ minSubtotal: { amount: 1, currency: "EUR" } }, "does not apply in Market m"],
      [{ status: "paused" }, "is paused"],
    ];
    for (const [over, why] of cases) {
      const result = applyDiscount(code(over), target([4000]));
      expect(result.ok, why).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe("discount_not_applicable");
        expect(result.error.errors?.[0]?.message).toBe(why);
      }
    }
  });

  it("never makes a line, the shipping or the total negative, and its parts add up, in any currency", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("USD", "EUR", "JPY", "KWD"),
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.oneof(
          fc.record({
            kind: fc.constant("percentage" as const),
            value: fc.integer({ min: 1, max: 100 }),
          }),
          fc.record({
            kind: fc.constant("fixed" as const),
            value: fc.integer({ min: 1, max: 10_000_000 }),
          }),
          fc.record({ kind: fc.constant("free_shipping" as const), value: fc.constant(null) }),
        ),
        fc.integer({ min: 0, max: 2_700 }),
        (currency, lines, shipping, rule, rate) => {
          const m = market(currency);
          const definition = code({ ...rule, currency: rule.kind === "fixed" ? currency : null });
          const result = applyDiscount(definition, target(lines, shipping, m));
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          const { applied } = result;
          const parts = applied.lineDiscounts.reduce((a, d) => a + d, 0) + applied.shippingDiscount;
          expect(parts).toBe(applied.amount);
          applied.lineDiscounts.forEach((d, i) => {
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(lines[i] ?? 0);
          });
          expect(applied.shippingDiscount).toBeLessThanOrEqual(shipping);
          const totals = totalsOf({
            lines: lines.map((amount, i) => ({
              amount,
              discount: applied.lineDiscounts[i] ?? 0,
              taxClass: "standard",
            })),
            shipping: {
              amount: shipping,
              discount: applied.shippingDiscount,
              taxClass: "standard",
            },
            rates: { standard: { name: "Tax", rate } },
            pricesIncludeTax: m.pricesIncludeTax,
          });
          expect(totals.discountTotal).toBe(applied.amount);
          const paid = totals.subtotal - totals.discountTotal + (totals.shipping ?? 0);
          expect(totals.total).toBe(m.pricesIncludeTax ? paid : paid + totals.tax);
          expect(totals.total).toBeGreaterThanOrEqual(0);
          expect(totals.tax).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
