/**
 * The demo store's markets, in the shape the admin API takes: US (USD, the default, sales tax
 * added at checkout in a few states), EU (EUR, VAT included: DE 19 %, FR 20 %, NL 21 %), GB
 * (GBP, VAT 20 % included) and JP (JPY, consumption tax 10 % included), each with a shipping zone
 * of two methods. Every PUT replaces what it names, so setting them up twice is harmless.
 */

const usd = (amount) => ({ amount, currency: "USD" });
const eur = (amount) => ({ amount, currency: "EUR" });
const gbp = (amount) => ({ amount, currency: "GBP" });
const jpy = (amount) => ({ amount, currency: "JPY" });

export const DEMO_MARKETS = {
  us: {
    name: "United States",
    currency: "USD",
    countries: ["US"],
    locale: "en-US",
    pricesIncludeTax: false,
    default: true,
  },
  eu: {
    name: "Europe",
    currency: "EUR",
    countries: ["DE", "FR", "NL"],
    locale: "de-DE",
    pricesIncludeTax: true,
  },
  gb: {
    name: "United Kingdom",
    currency: "GBP",
    countries: ["GB"],
    locale: "en-GB",
    pricesIncludeTax: true,
  },
  jp: {
    name: "Japan",
    currency: "JPY",
    countries: ["JP"],
    locale: "ja-JP",
    pricesIncludeTax: true,
  },
};

const TAX_RATES = {
  US: [
    { region: "CA", taxClass: "standard", name: "CA sales tax", rate: 725 },
    { region: "NY", taxClass: "standard", name: "NY sales tax", rate: 400 },
    { region: "TX", taxClass: "standard", name: "TX sales tax", rate: 625 },
    { region: "WA", taxClass: "standard", name: "WA sales tax", rate: 650 },
  ],
  DE: [
    { taxClass: "standard", name: "MwSt.", rate: 1900 },
    { taxClass: "reduced", name: "MwSt. ermäßigt", rate: 700 },
  ],
  FR: [
    { taxClass: "standard", name: "TVA", rate: 2000 },
    { taxClass: "reduced", name: "TVA réduite", rate: 550 },
  ],
  NL: [
    { taxClass: "standard", name: "BTW", rate: 2100 },
    { taxClass: "reduced", name: "BTW laag", rate: 900 },
  ],
  GB: [{ taxClass: "standard", name: "VAT", rate: 2000 }],
  JP: [
    { taxClass: "standard", name: "消費税", rate: 1000 },
    { taxClass: "reduced", name: "消費税 (軽減税率)", rate: 800 },
  ],
};

const SHIPPING_ZONES = {
  "us-domestic": {
    market: "us",
    name: "United States",
    countries: ["US"],
    methods: [
      {
        id: "us-ground",
        name: "Ground",
        price: usd(500),
        freeOver: usd(5000),
        estimate: "3–5 business days",
      },
      { id: "us-express", name: "Express", price: usd(1500), estimate: "1–2 business days" },
    ],
  },
  "eu-union": {
    market: "eu",
    name: "European Union",
    countries: ["DE", "FR", "NL"],
    methods: [
      {
        id: "eu-standard",
        name: "Standard",
        price: eur(490),
        freeOver: eur(6000),
        estimate: "2–4 business days",
      },
      { id: "eu-express", name: "Express", price: eur(1290), estimate: "1 business day" },
    ],
  },
  "gb-mainland": {
    market: "gb",
    name: "United Kingdom",
    countries: ["GB"],
    methods: [
      {
        id: "gb-standard",
        name: "Royal Mail Tracked 48",
        price: gbp(395),
        freeOver: gbp(5000),
        estimate: "2–3 working days",
      },
      { id: "gb-next-day", name: "Next day", price: gbp(995), estimate: "Next working day" },
    ],
  },
  "jp-domestic": {
    market: "jp",
    name: "Japan",
    countries: ["JP"],
    methods: [
      {
        id: "jp-standard",
        name: "宅急便",
        price: jpy(800),
        freeOver: jpy(8000),
        estimate: "1–2 days",
      },
      { id: "jp-express", name: "翌日配達", price: jpy(1500), estimate: "Next day" },
    ],
  },
};

/** Every admin call that sets the demo markets up, in order: markets first, then rates and zones. */
export function demoMarketCalls() {
  return [
    ...Object.entries(DEMO_MARKETS).map(([id, body]) => [`/api/v1/admin/markets/${id}`, body]),
    ...Object.entries(TAX_RATES).map(([country, rates]) => [
      `/api/v1/admin/tax-rates/${country}`,
      { rates },
    ]),
    ...Object.entries(SHIPPING_ZONES).map(([id, body]) => [
      `/api/v1/admin/shipping-zones/${id}`,
      body,
    ]),
  ];
}

/** A demo price in each other market, from its US price: €xx.90, £xx.95, ¥ in hundreds. */
export function demoPrices(cents) {
  return [
    { market: "eu", price: eur(Math.max(1, Math.round((cents * 0.95) / 100)) * 100 - 10) },
    { market: "gb", price: gbp(Math.max(1, Math.round((cents * 0.8) / 100)) * 100 - 5) },
    { market: "jp", price: jpy(Math.max(1, Math.round((cents * 1.5) / 100)) * 100) },
  ];
}

/** Sets the demo markets up in a running store. */
export async function setUpDemoMarkets(baseUrl, adminToken) {
  for (const [path, body] of demoMarketCalls()) {
    const res = await fetch(new URL(path, baseUrl), {
      method: "PUT",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`PUT ${path} answered ${res.status}: ${await res.text()}`);
    await res.body?.cancel();
  }
}
