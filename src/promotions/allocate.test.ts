import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate";

describe("allocate", () => {
  it("splits in proportion, the remainder to the largest remainders", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(1000, [2500, 7500])).toEqual([250, 750]);
    expect(allocate(7, [0, 5, 5])).toEqual([0, 4, 3]);
    expect(allocate(0, [3, 4])).toEqual([0, 0]);
    expect(allocate(5, [])).toEqual([]);
  });

  it("always sums exactly and never gives a part more than its weight, in any currency's amounts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, share) => {
          const sum = weights.reduce((a, w) => a + w, 0);
          const total = Math.floor(sum * share);
          const parts = allocate(total, weights);
          expect(parts.reduce((a, p) => a + p, 0)).toBe(total);
          parts.forEach((p, i) => {
            expect(Number.isInteger(p)).toBe(true);
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(weights[i] ?? 0);
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
