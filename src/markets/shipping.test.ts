import { describe, expect, it } from "vitest";
import { queryMarketSetOf } from "./load";
import { cartPricing } from "./place";
import { shippingOptions } from "./shipping";

const fallback = { storeCurrency: "USD", shippingFlat: 500, freeShippingOver: 5000 };
const set = queryMarketSetOf(
  [
    {
      id: "us",
      name: "US",
      currency: "USD",
      locale: "en-US",
      prices_include_tax: 0,
      countries: '["US"]',
      is_default: 1,
    },
    {
      id: "eu",
      name: "EU",
      currency: "EUR",
      locale: "de-DE",
      prices_include_tax: 1,
      countries: '["DE","FR"]',
      is_default: 0,
    },
  ],
  [
    {
      id: "us-ground",
      market: "us",
      name: "Ground",
      amount: 700,
      free_over: 5000,
      estimate: null,
      tax_class: "standard",
      countries: '["US"]',
    },
    {
      id: "us-air",
      market: "us",
      name: "Air",
      amount: 400,
      free_over: null,
      estimate: null,
      tax_class: "standard",
      countries: '["US"]',
    },
    {
      id: "eu-de",
      market: "eu",
      name: "DHL",
      amount: 490,
      free_over: null,
      estimate: null,
      tax_class: "standard",
      countries: '["DE"]',
    },
    {
      id: "eu-world",
      market: "eu",
      name: "World",
      amount: 1990,
      free_over: null,
      estimate: null,
      tax_class: "zero",
      countries: '["*"]',
    },
  ],
  [
    { country: "US", region: "CA", taxClass: "standard", name: "CA", rate: 725 },
    { country: "DE", region: "", taxClass: "standard", name: "MwSt.", rate: 1900 },
  ],
  fallback,
);
const [us, eu] = set.markets as [
  NonNullable<(typeof set.markets)[0]>,
  NonNullable<(typeof set.markets)[0]>,
];
const ids = (options: ReturnType<typeof shippingOptions>) =>
  options.map((o) => [o.method.id, o.price]);

describe("shipping options", () => {
  it("lists a country's zone's methods cheapest first, free from their threshold", () => {
    expect(ids(shippingOptions(set, us, "US", 1000))).toEqual([
      ["us-air", 400],
      ["us-ground", 700],
    ]);
    expect(ids(shippingOptions(set, us, "US", 5000))).toEqual([
      ["us-ground", 0],
      ["us-air", 400],
    ]);
  });

  it("serves other countries by a zone for every country: the default market's flat rule", () => {
    expect(ids(shippingOptions(set, us, "BR", 1000))).toEqual([["standard", 500]]);
    expect(ids(shippingOptions(set, us, "BR", 5000))).toEqual([["standard", 0]]);
    expect(ids(shippingOptions(set, eu, "JP", 1000))).toEqual([["eu-world", 1990]]);
    // A country a zone names is served by that zone only.
    expect(ids(shippingOptions(set, eu, "DE", 1000))).toEqual([["eu-de", 490]]);
  });
});

describe("where a cart is priced", () => {
  it("takes the country asked where the market serves it, else the market's first", () => {
    expect(cartPricing(set, eu, { country: "FR" }).country).toBe("FR");
    expect(cartPricing(set, us, { country: "JP" }).country).toBe("JP");
    expect(cartPricing(set, eu, {}).country).toBe("DE");
  });

  it("uses a region's own rate, and the method asked for where it ships", () => {
    expect(cartPricing(set, us, { country: "US", region: "ca" }).rates.standard?.rate).toBe(725);
    expect(cartPricing(set, us, { country: "US" }).rates.standard).toBeUndefined();
    const air = cartPricing(set, us, { country: "US", shippingMethod: "us-ground" }).shipping(1000);
    expect(air?.method.id).toBe("us-ground");
    const unknown = cartPricing(set, us, { country: "US", shippingMethod: "eu-de" }).shipping(1000);
    expect(unknown?.method.id).toBe("us-air");
  });
});
