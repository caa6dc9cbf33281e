import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, browser, call, createProduct, unique } from "./helpers";
import { marketPrices, setUpMarkets } from "./market-helpers";

async function admin() {
  const b = browser();
  expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
  return b;
}

const priceIn = async (slug: string, market: string) => {
  const res = await call("GET", `/api/v1/products/${slug}?market=${market}`);
  if (res.status !== 200) return res.status;
  return ((await res.json()) as { variants: { price: { amount: number } }[] }).variants[0]?.price
    .amount;
};

describe("price lists in the back office", () => {
  it("edits a sku's price in each market on its product page, in each currency's own digits", async () => {
    await setUpMarkets();
    const slug = unique("listed");
    const sku = `${slug}-a`.toUpperCase();
    await createProduct({
      slug,
      variants: [
        {
          sku,
          title: "One",
          price: { amount: 2450, currency: "USD" },
          stock: 3,
          prices: marketPrices(2290, 1995, 1200),
        },
      ],
    });
    const b = await admin();
    const page = await (await b.get(`/admin/products/${slug}`)).text();
    expect(page).toContain("Price in Europe (EUR, tax included)");
    expect(page).toMatch(/name="variants\.0\.prices\.eu"[^>]*value="22\.90"/);
    // Yen have no minor digits: the form shows 1200, not 12.00.
    expect(page).toMatch(/name="variants\.0\.prices\.jp"[^>]*value="1200"/);
    const form = {
      title: `Product ${slug}`,
      description: "A fine thing.",
      category: "things",
      "variants.0.sku": sku,
      "variants.0.title": "One",
      "variants.0.price": "24.50",
      "variants.0.taxClass": "reduced",
      "variants.0.prices.eu": "21.90",
      "variants.0.prices.gb": "19.95",
      "variants.0.prices.jp": "",
    };
    const saved = await b.post(`/admin/products/${slug}`, form);
    expect(saved.status).toBe(303);
    expect([
      await priceIn(slug, "us"),
      await priceIn(slug, "eu"),
      await priceIn(slug, "gb"),
      await priceIn(slug, "jp"),
    ]).toEqual([2450, 2190, 1995, 404]);
    const again = await (await b.get(`/admin/products/${slug}`)).text();
    expect(again).toMatch(/<option value="reduced" selected/);
    // A yen price with decimals is refused beside its field, and nothing changes.
    const bad = await b.post(`/admin/products/${slug}`, {
      ...form,
      "variants.0.prices.jp": "12.50",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("A price in whole units, such as 1200.");
    expect(await priceIn(slug, "jp")).toBe(404);
  });
});

describe("markets in the back office", () => {
  it("adds a market, its tax rates and a shipping zone, and the shop sells there on the next read", async () => {
    await setUpMarkets();
    const b = await admin();
    const page = await b.get("/admin/markets");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Europe");
    const market = await b.post("/admin/markets", {
      id: "ch",
      name: "Switzerland",
      currency: "chf",
      locale: "de-CH",
      countries: "ch, li",
      pricesIncludeTax: "yes",
    });
    expect(market.status).toBe(303);
    const rates = await b.post("/admin/tax-rates", {
      country: "CH",
      "rates.0.taxClass": "standard",
      "rates.0.name": "MWST",
      "rates.0.rate": "8.1",
      "rates.1.taxClass": "reduced",
      "rates.1.name": "MWST reduziert",
      "rates.1.rate": "2.6",
    });
    expect(rates.status).toBe(303);
    const zone = await b.post("/admin/shipping-zones", {
      id: "ch-post",
      market: "ch",
      name: "Switzerland",
      countries: "CH LI",
      "methods.0.id": "ch-priority",
      "methods.0.name": "PostPac Priority",
      "methods.0.price": "9",
      "methods.0.freeOver": "100",
      "methods.0.taxClass": "standard",
    });
    expect(zone.status).toBe(303);
    const list = (await (await call("GET", "/api/v1/markets")).json()) as {
      items: { id: string; countries: string[] }[];
    };
    expect(list.items.find((m) => m.id === "ch")?.countries).toEqual(["CH", "LI"]);
    const zones = await (await b.get("/admin/markets?zone=ch-post")).text();
    expect(zones).toMatch(/name="methods\.0\.price"[^>]*value="9\.00"/);
    const ratesShown = await (await b.get("/admin/markets?country=CH")).text();
    expect(ratesShown).toMatch(/name="rates\.\d\.rate"[^>]*value="8\.1"/);
    // A country already in another market, and a rate that is not a number, are refused beside their fields.
    const clash = await b.post("/admin/markets", {
      id: "dach",
      name: "DACH",
      currency: "EUR",
      locale: "de-AT",
      countries: "AT DE",
    });
    expect(clash.status).toBe(409);
    expect(await clash.text()).toContain("DE (eu)");
    const bad = await b.post("/admin/tax-rates", {
      country: "AT",
      "rates.0.taxClass": "standard",
      "rates.0.name": "USt",
      "rates.0.rate": "twenty",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("A percentage such as 19 or 7.25.");
  });
});
