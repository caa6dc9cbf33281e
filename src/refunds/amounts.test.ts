import { describe, expect, it } from "vitest";
import { amountForUnits, lineValues, type RefundableOrder } from "./amounts";

const units = (entries: [string, number][]) => new Map(entries);

describe("refund amounts by line", () => {
  // 2 × 10.00 less 1.00 off, 1 × 5.99; 8.25 % tax added: 1.57 and 0.49; shipping 4.99 taxed 0.41.
  const order: RefundableOrder = {
    total: 1900 + 599 + 157 + 49 + 499 + 41,
    pricesIncludeTax: false,
    lines: [
      { sku: "a", quantity: 2, lineTotal: 2000, discount: 100, tax: 157 },
      { sku: "b", quantity: 1, lineTotal: 599, discount: 0, tax: 49 },
    ],
  };

  it("gives each line its tax and its share of the shipping, adding up to the total", () => {
    const values = lineValues(order);
    expect(values.reduce((a, v) => a + v, 0)).toBe(order.total);
    expect(values[0]).toBe(1900 + 157 + Math.round((540 * 1900) / 2499));
  });

  it("adds up to the total whatever the order of the refunds of single units", () => {
    const sequences: [string, number][][] = [
      [
        ["a", 1],
        ["b", 1],
        ["a", 1],
      ],
      [
        ["b", 1],
        ["a", 1],
        ["a", 1],
      ],
      [
        ["a", 2],
        ["b", 1],
      ],
    ];
    for (const sequence of sequences) {
      const before = new Map<string, number>();
      let sum = 0;
      for (const [sku, q] of sequence) {
        sum += amountForUnits(order, before, units([[sku, q]]));
        before.set(sku, (before.get(sku) ?? 0) + q);
      }
      expect(sum).toBe(order.total);
    }
  });

  it("takes nothing for tax where prices include it, beyond what the line holds", () => {
    const included: RefundableOrder = {
      total: 3000 + 500,
      pricesIncludeTax: true,
      lines: [{ sku: "a", quantity: 3, lineTotal: 3000, discount: 0, tax: 479 }],
    };
    expect(amountForUnits(included, new Map(), units([["a", 1]]))).toBe(1166);
    expect(lineValues(included)).toEqual([3500]);
  });
});
