import { expect } from "vitest";
import { adminCall } from "./helpers";

/**
 * Four markets as the demo has them: US (USD, the default, tax added by state), EU (EUR, VAT
 * included, DE 19 % / 7 % reduced, FR 20 % / 5.5 %), GB (GBP, VAT 20 % included), JP (JPY, 10 %
 * included), each with two shipping methods.
 */
export async function setUpMarkets(): Promise<void> {
  const put = async (path: string, body: unknown) => {
    const res = await adminCall("PUT", path, body);
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  };
  await put("/api/v1/admin/markets/us", {
    name: "United States",
    currency: "USD",
    countries: ["US"],
    locale: "en-US",
    pricesIncludeTax: false,
    default: true,
  });
  await put("/api/v1/admin/markets/eu", {
    name: "Europe",
    currency: "EUR",
    countries: ["DE", "FR", "NL"],
    locale: "de-DE",
    pricesIncludeTax: true,
  });
  await put("/api/v1/admin/markets/gb", {
    name: "United Kingdom",
    currency: "GBP",
    countries: ["GB"],
    locale: "en-GB",
    pricesIncludeTax: true,
  });
  await put("/api/v1/admin/markets/jp", {
    name: "Japan",
    currency: "JPY",
    countries: ["JP"],
    locale: "ja-JP",
    pricesIncludeTax: true,
  });
  await put("/api/v1/admin/tax-rates/US", {
    rates: [
      { region: "CA", taxClass: "standard", name: "CA sales tax", rate: 725 },
      { region: "NY", taxClass: "standard", name: "NY sales tax", rate: 400 },
    ],
  });
  await put("/api/v1/admin/tax-rates/DE", {
    rates: [
      { taxClass: "standard", name: "MwSt.", rate: 1900 },
      { taxClass: "reduced", name: "MwSt. ermäßigt", rate: 700 },
    ],
  });
  await put("/api/v1/admin/tax-rates/FR", {
    rates: [
      { taxClass: "standard", name: "TVA", rate: 2000 },
      { taxClass: "reduced", name: "TVA réduite", rate: 550 },
    ],
  });
  await put("/api/v1/admin/tax-rates/GB", {
    rates: [{ taxClass: "standard", name: "VAT", rate: 2000 }],
  });
  await put("/api/v1/admin/tax-rates/JP", {
    rates: [
      { taxClass: "standard", name: "消費税", rate: 1000 },
      { taxClass: "reduced", name: "消費税 (軽減)", rate: 800 },
    ],
  });
  await put("/api/v1/admin/shipping-zones/us-domestic", {
    market: "us",
    name: "United States",
    countries: ["US"],
    methods: [
      {
        id: "us-ground",
        name: "Ground",
        price: { amount: 500, currency: "USD" },
        freeOver: { amount: 5000, currency: "USD" },
        estimate: "3–5 business days",
      },
      {
        id: "us-express",
        name: "Express",
        price: { amount: 1500, currency: "USD" },
        estimate: "1–2 business days",
      },
    ],
  });
  await put("/api/v1/admin/shipping-zones/eu-all", {
    market: "eu",
    name: "European Union",
    countries: ["DE", "FR", "NL"],
    methods: [
      {
        id: "eu-standard",
        name: "Standard",
        price: { amount: 490, currency: "EUR" },
        freeOver: { amount: 6000, currency: "EUR" },
        estimate: "2–4 Werktage",
      },
      {
        id: "eu-express",
        name: "Express",
        price: { amount: 1290, currency: "EUR" },
        estimate: "1 Werktag",
      },
    ],
  });
  await put("/api/v1/admin/shipping-zones/gb-all", {
    market: "gb",
    name: "United Kingdom",
    countries: ["GB"],
    methods: [
      {
        id: "gb-royal-mail",
        name: "Royal Mail 2nd Class",
        price: { amount: 395, currency: "GBP" },
        estimate: "2–3 working days",
      },
      {
        id: "gb-next-day",
        name: "Next day",
        price: { amount: 995, currency: "GBP" },
        estimate: "Next working day",
      },
    ],
  });
  await put("/api/v1/admin/shipping-zones/jp-all", {
    market: "jp",
    name: "Japan",
    countries: ["JP"],
    methods: [
      {
        id: "jp-yamato",
        name: "宅急便",
        price: { amount: 800, currency: "JPY" },
        freeOver: { amount: 8000, currency: "JPY" },
        estimate: "1–2日",
      },
      {
        id: "jp-cool",
        name: "クール便",
        price: { amount: 1200, currency: "JPY" },
        taxClass: "reduced",
      },
    ],
  });
}

/** A variant's prices in the EU, GB and JP markets. */
export const marketPrices = (eur: number, gbp: number, jpy: number) => [
  { market: "eu", price: { amount: eur, currency: "EUR" } },
  { market: "gb", price: { amount: gbp, currency: "GBP" } },
  { market: "jp", price: { amount: jpy, currency: "JPY" } },
];
