import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Market } from "../markets/market";
import { totalsOf } from "../markets/totals";
import type { DiscountDefinition } from "./discount-store";
import { discountCart } from "./engine";
import type { Promotion, PromotionLine } from "./rule";

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
  skus: null,
  categories: null,
  status: "active",
  createdAt: "2026-01-01T00:00:00Z",
  ...over,
});

const promotion = (over: Partial<Promotion>): Promotion => ({
  id: "promo_1",
  title: "Weekend",
  kind: "percentage",
  value: 10,
  currency: null,
  buyQuantity: null,
  getQuantity: null,
  skus: null,
  categories: null,
  markets: null,
  minSubtotal: null,
  startsAt: null,
  endsAt: null,
  status: "active",
  position: 0,
  createdAt: "2026-01-01T00:00:00Z",
  ...over,
});

const NOW = Date.parse("2026-12-01T12:00:00Z");
/** Lines of one unit each at these prices, in category `shoes` unless said. */
const linesOf = (amounts: number[], category = "shoes"): PromotionLine[] =>
  amounts.map((a, i) => ({ sku: `s${i}`, category, unitPrice: a, quantity: 1 }));
const cart = (lines: PromotionLine[], shipping: number | null = 500, m = market("USD")) => ({
  market: m,
  lines,
  shipping,
  now: NOW,
});

/** The cart's code alone. */
const withCode = (
  definition: DiscountDefinition,
  amounts: number[],
  shipping?: number | null,
  m?: Market,
) => discountCart(cart(linesOf(amounts), shipping, m), [], definition);

describe("a code against a cart", () => {
  it("takes a percentage of the subtotal, rounded half away from zero, over the lines", () => {
    expect(withCode(code({ value: 15 }), [1000, 333]).code).toMatchObject({
      amount: 200,
      title: "15% off",
      lineDiscounts: [150, 50],
    });
  });

  it("takes a fixed amount in the market's currency, never more than the subtotal", () => {
    const fixed = code({ kind: "fixed", value: 1500, currency: "USD" });
    expect(withCode(fixed, [1000, 3000]).code).toMatchObject({
      amount: 1500,
      lineDiscounts: [375, 1125],
    });
    expect(withCode(fixed, [900]).code).toMatchObject({ amount: 900 });
    expect(withCode(fixed, [900], 500, market("EUR", "eu")).codeError?.code).toBe(
      "discount_not_applicable",
    );
  });

  it("takes the shipping off with free shipping", () => {
    expect(withCode(code({ kind: "free_shipping", value: null }), [100], 490).code).toMatchObject({
      amount: 490,
      shippingDiscount: 490,
      lineDiscounts: [0],
    });
  });

  it("refuses a code before its start, after its end, in another market, below its minimum, paused, or for no line of the cart", () => {
    const cases: [Partial<DiscountDefinition>, string][] = [
      [{ startsAt: "2026-12-02T00:00:00Z" }, "is valid from 2026-12-02T00:00:00Z"],
      [{ endsAt: "2026-12-01T12:00:00Z" }, "expired at 2026-12-01T12:00:00Z"],
      [{ markets: ["eu"] }, "does not apply in Market m"],
      [{ minSubtotal: { amount: 5000, currency: "USD" } }, "needs a subtotal of $50.00"],
      [{ minSubtotal: { amount: 1, currency: "EUR" } }, "does not apply in Market m"],
      [{ status: "paused" }, "is paused"],
      [{ skus: ["other"] }, "applies to none of the cart's items"],
      [{ categories: ["hats"] }, "applies to none of the cart's items"],
    ];
    for (const [over, why] of cases) {
      const result = withCode(code(over), [4000]);
      expect(result.code, why).toBeNull();
      expect(result.codeError?.code).toBe("discount_not_applicable");
      expect(result.codeError?.errors?.[0]?.message).toBe(why);
    }
  });

  it("takes off only the lines it targets, by sku or category, and counts its minimum on them", () => {
    const lines = [
      ...linesOf([2000], "shoes"),
      { sku: "hat", category: "hats", unitPrice: 1000, quantity: 2 },
    ];
    const bySku = discountCart(cart(lines), [], code({ value: 50, skus: ["hat"] }));
    expect(bySku.lineDiscounts).toEqual([0, 1000]);
    const byCategory = discountCart(cart(lines), [], code({ value: 50, categories: ["shoes"] }));
    expect(byCategory.lineDiscounts).toEqual([1000, 0]);
    const minimum = code({ categories: ["shoes"], minSubtotal: { amount: 2500, currency: "USD" } });
    expect(discountCart(cart(lines), [], minimum).codeError?.errors?.[0]?.message).toBe(
      "needs a subtotal of $25.00",
    );
  });
});

describe("automatic promotions", () => {
  it("apply without a code, in position order, each on what the earlier left; then the code", () => {
    const lines = [
      { sku: "boot", category: "footwear", unitPrice: 6000, quantity: 1 },
      { sku: "sock", category: "socks", unitPrice: 1000, quantity: 1 },
    ];
    const footwear = promotion({ id: "p1", title: "10% off Footwear", categories: ["footwear"] });
    const fiver = promotion({
      id: "p2",
      title: "$5 off",
      kind: "fixed",
      value: 500,
      currency: "USD",
      position: 1,
    });
    const result = discountCart(cart(lines), [fiver, footwear], code({ value: 10 }));
    expect(result.applied.map((d) => [d.code, d.promotionId, d.title, d.amount])).toEqual([
      [null, "p1", "10% off Footwear", 600],
      [null, "p2", "$5 off", 500],
      // 10 % of what is left: 7000 - 600 - 500 = 5900.
      ["SAVE", null, "10% off", 590],
    ]);
    expect(result.lineDiscounts.reduce((a, d) => a + d, 0)).toBe(1690);
  });

  it("give free shipping over a threshold in one market, and a free-shipping code after it finds nothing left", () => {
    const eu = market("EUR", "eu");
    const free = promotion({
      kind: "free_shipping",
      value: null,
      markets: ["eu"],
      minSubtotal: { amount: 6000, currency: "EUR" },
      title: "Free shipping over €60",
    });
    const over = discountCart(
      cart(linesOf([6000]), 700, eu),
      [free],
      code({ kind: "free_shipping", value: null }),
    );
    expect(over.shippingDiscount).toBe(700);
    expect(over.applied.map((d) => d.amount)).toEqual([700, 0]);
    expect(discountCart(cart(linesOf([5999]), 700, eu), [free], null).applied).toEqual([]);
    expect(discountCart(cart(linesOf([6000]), 700), [free], null).applied).toEqual([]);
  });

  it("buy 2 get 1: the cheapest unit of every 3 is free", () => {
    const lines = [
      { sku: "a", category: "tees", unitPrice: 3000, quantity: 2 },
      { sku: "b", category: "tees", unitPrice: 2000, quantity: 3 },
      { sku: "c", category: "hats", unitPrice: 100, quantity: 1 },
    ];
    const b2g1 = promotion({
      kind: "buy_x_get_y",
      value: null,
      buyQuantity: 2,
      getQuantity: 1,
      categories: ["tees"],
    });
    const result = discountCart(cart(lines), [b2g1], null);
    // Five tees: one group of three, so one free: the cheapest tee (the hat is not targeted).
    expect(result.lineDiscounts).toEqual([0, 2000, 0]);
    expect(discountCart(cart(lines.slice(0, 1)), [b2g1], null).applied).toEqual([]);
  });

  it("skip one paused, not yet started, ended or of another market", () => {
    for (const over of [
      { status: "paused" as const },
      { startsAt: "2026-12-02T00:00:00Z" },
      { endsAt: "2026-12-01T00:00:00Z" },
      { markets: ["eu"] },
    ]) {
      expect(discountCart(cart(linesOf([1000])), [promotion(over)], null).applied).toEqual([]);
    }
  });
});

const ruleArb = fc.oneof(
  fc.record({ kind: fc.constant("percentage" as const), value: fc.integer({ min: 1, max: 100 }) }),
  fc.record({
    kind: fc.constant("fixed" as const),
    value: fc.integer({ min: 1, max: 10_000_000 }),
  }),
  fc.record({ kind: fc.constant("free_shipping" as const), value: fc.constant(null) }),
);

describe("every stack of discounts", () => {
  it("never makes a line, the shipping or the total negative, and its parts add up, in any currency", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("USD", "EUR", "JPY", "KWD"),
        fc.array(
          fc.record({
            unitPrice: fc.integer({ min: 0, max: 500_000 }),
            quantity: fc.integer({ min: 1, max: 9 }),
            category: fc.constantFrom("a", "b"),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(
          fc.oneof(
            ruleArb,
            fc.record({
              kind: fc.constant("buy_x_get_y" as const),
              value: fc.constant(null),
              buyQuantity: fc.integer({ min: 1, max: 4 }),
              getQuantity: fc.integer({ min: 1, max: 3 }),
            }),
          ),
          { maxLength: 4 },
        ),
        fc.option(ruleArb),
        fc.option(fc.constantFrom("a", "b")),
        fc.integer({ min: 0, max: 2_700 }),
        (currency, rows, shipping, autos, codeRule, only, rate) => {
          const m = market(currency);
          const lines = rows.map((r, i) => ({ ...r, sku: `s${i}` }));
          const automatic = autos.map((rule, i) =>
            promotion({
              ...rule,
              id: `p${i}`,
              position: i,
              currency: rule.kind === "fixed" ? currency : null,
              categories: i % 2 && only ? [only] : null,
            }),
          );
          const definition = codeRule
            ? code({ ...codeRule, currency: codeRule.kind === "fixed" ? currency : null })
            : null;
          const result = discountCart(cart(lines, shipping, m), automatic, definition);
          expect(result.codeError).toBeNull();
          const amounts = lines.map((l) => l.unitPrice * l.quantity);
          result.lineDiscounts.forEach((d, i) => {
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(amounts[i] ?? 0);
          });
          expect(result.shippingDiscount).toBeGreaterThanOrEqual(0);
          expect(result.shippingDiscount).toBeLessThanOrEqual(shipping);
          const appliedSum = result.applied.reduce((a, d) => a + d.amount, 0);
          const parts = result.lineDiscounts.reduce((a, d) => a + d, 0) + result.shippingDiscount;
          expect(appliedSum).toBe(parts);
          for (const d of result.applied) {
            expect(d.lineDiscounts.reduce((a, x) => a + x, 0) + d.shippingDiscount).toBe(d.amount);
          }
          const totals = totalsOf({
            lines: amounts.map((amount, i) => ({
              amount,
              discount: result.lineDiscounts[i] ?? 0,
              taxClass: "standard",
            })),
            shipping: { amount: shipping, discount: result.shippingDiscount, taxClass: "standard" },
            rates: { standard: { name: "Tax", rate } },
            pricesIncludeTax: m.pricesIncludeTax,
          });
          expect(totals.discountTotal).toBe(appliedSum);
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
