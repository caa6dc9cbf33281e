import { describe, expect, it } from "vitest";
import { shippingFor } from "./shipping";

describe("shippingFor", () => {
  const rule = { shippingFlat: 500, freeShippingOver: 5000 };
  it("charges the flat rate below the threshold", () => {
    expect(shippingFor(0, rule)).toBe(500);
    expect(shippingFor(4999, rule)).toBe(500);
  });
  it("is free from the threshold on", () => {
    expect(shippingFor(5000, rule)).toBe(0);
    expect(shippingFor(123_456, rule)).toBe(0);
  });
});
