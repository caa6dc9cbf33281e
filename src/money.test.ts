import { describe, expect, it } from "vitest";
import { formatMoney, money } from "./money";

describe("money", () => {
  it("formats minor units without floating point", () => {
    expect(formatMoney({ amount: 1250, currency: "USD" })).toBe("$12.50");
    expect(formatMoney({ amount: 5, currency: "USD" })).toBe("$0.05");
    expect(formatMoney({ amount: 123456789, currency: "USD" })).toBe("$1,234,567.89");
    expect(formatMoney({ amount: 500, currency: "JPY" })).toBe("¥500");
    expect(formatMoney({ amount: -199, currency: "EUR" })).toBe("-€1.99");
  });

  it("refuses a fractional amount", () => {
    expect(() => money(12.5, "USD")).toThrow(RangeError);
    expect(money(1250, "USD")).toEqual({ amount: 1250, currency: "USD" });
  });
});
