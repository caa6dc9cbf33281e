import { describe, expect, it } from "vitest";
import { adminCall, call, createProduct, newProduct, problemOf, unique } from "./helpers";
import { marketPrices, setUpMarkets } from "./market-helpers";

interface MarketList {
  items: { id: string; currency: string; countries: string[]; pricesIncludeTax: boolean }[];
  default: string;
}

const sku = (slug: string, suffix = "a") => `${slug}-${suffix}`.toUpperCase();

describe("with no market set up", () => {
  it("lists the default market, made from the vars", async () => {
    const res = await call("GET", "/api/v1/markets");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      items: [
        {
          id: "default",
          name: "Default",
          currency: "USD",
          countries: [],
          locale: "en-US",
          pricesIncludeTax: false,
        },
      ],
      default: "default",
    });
  });
});

describe("markets", () => {
  it("lists every market set up, the default first", async () => {
    await setUpMarkets();
    const list = (await (await call("GET", "/api/v1/markets")).json()) as MarketList;
    expect(list.default).toBe("us");
    expect(list.items.map((m) => [m.id, m.currency, m.pricesIncludeTax])).toEqual([
      ["us", "USD", false],
      ["eu", "EUR", true],
      ["gb", "GBP", true],
      ["jp", "JPY", true],
    ]);
  });

  it("picks the market from ?market, then x-market, then the cookie, then the country, then the default", async () => {
    await setUpMarkets();
    const slug = unique("resolve");
    await createProduct({
      slug,
      variants: [
        {
          sku: sku(slug),
          title: "One",
          price: { amount: 2000, currency: "USD" },
          stock: 3,
          prices: marketPrices(1900, 1700, 3000),
        },
      ],
    });
    const currencyOf = async (query: string, headers: Record<string, string>, country?: string) => {
      const res = await call("GET", `/api/v1/products/${slug}${query}`, { headers, country });
      expect(res.status).toBe(200);
      return ((await res.json()) as { variants: { price: { currency: string } }[] }).variants[0]
        ?.price.currency;
    };
    const all = { "x-market": "gb", cookie: "market=jp" };
    expect(await currencyOf("?market=eu", all, "US")).toBe("EUR");
    expect(await currencyOf("", all, "DE")).toBe("GBP");
    expect(await currencyOf("", { cookie: "market=jp" }, "DE")).toBe("JPY");
    expect(await currencyOf("", { cookie: "__Host-market=jp" }, "DE")).toBe("JPY");
    expect(await currencyOf("", {}, "FR")).toBe("EUR");
    expect(await currencyOf("", {}, "BR")).toBe("USD");
    expect(await currencyOf("", {})).toBe("USD");
    // A cookie naming a market that is gone is ignored.
    expect(await currencyOf("", { cookie: "market=mars" }, "GB")).toBe("GBP");
  });

  it("answers an unknown market id with 400 validation_failed", async () => {
    await setUpMarkets();
    for (const [path, headers] of [
      ["/api/v1/products?market=mars", {}],
      ["/api/v1/products", { "x-market": "mars" }],
      ["/api/v1/products/anything?market=EU", {}],
    ] as const) {
      const res = await call("GET", path, { headers });
      expect(res.status, path).toBe(400);
      const problem = await problemOf(res);
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors?.[0]?.message).toContain("us, eu, gb, jp");
    }
  });
});

describe("prices per market", () => {
  it("shows each market its own prices, in its currency's minor units", async () => {
    await setUpMarkets();
    const slug = unique("priced");
    await createProduct({
      slug,
      variants: [
        {
          sku: sku(slug),
          title: "Small",
          price: { amount: 2450, currency: "USD" },
          stock: 3,
          prices: marketPrices(2290, 1995, 1200),
        },
        {
          sku: sku(slug, "b"),
          title: "Large",
          price: { amount: 2650, currency: "USD" },
          stock: 3,
          prices: marketPrices(2490, 2195, 1400),
        },
      ],
    });
    const prices = async (market: string) => {
      const res = await call("GET", `/api/v1/products/${slug}?market=${market}`);
      return ((await res.json()) as { variants: { price: unknown }[] }).variants.map(
        (v) => v.price,
      );
    };
    expect(await prices("us")).toEqual([
      { amount: 2450, currency: "USD" },
      { amount: 2650, currency: "USD" },
    ]);
    expect(await prices("eu")).toEqual([
      { amount: 2290, currency: "EUR" },
      { amount: 2490, currency: "EUR" },
    ]);
    expect(await prices("jp")).toEqual([
      { amount: 1200, currency: "JPY" },
      { amount: 1400, currency: "JPY" },
    ]);
    const list = await call("GET", `/api/v1/products?market=gb&limit=100`);
    const item = ((await list.json()) as { items: { slug: string; price: unknown }[] }).items.find(
      (p) => p.slug === slug,
    );
    expect(item?.price).toEqual({ amount: 1995, currency: "GBP" });
  });

  it("does not sell a sku without a price in a market: not listed, 404, only the priced variants", async () => {
    await setUpMarkets();
    const slug = unique("unpriced");
    const partial = unique("partial");
    await createProduct({ slug });
    await createProduct({
      slug: partial,
      variants: [
        {
          sku: sku(partial),
          title: "Everywhere",
          price: { amount: 1000, currency: "USD" },
          prices: marketPrices(900, 800, 1500),
        },
        { sku: sku(partial, "b"), title: "US only", price: { amount: 1200, currency: "USD" } },
      ],
    });
    expect((await call("GET", `/api/v1/products/${slug}?market=us`)).status).toBe(200);
    const missing = await call("GET", `/api/v1/products/${slug}?market=eu`);
    expect(missing.status).toBe(404);
    expect((await problemOf(missing)).code).toBe("not_found");
    const list = (await (await call("GET", "/api/v1/products?market=eu&limit=100")).json()) as {
      items: { slug: string }[];
    };
    expect(list.items.map((p) => p.slug)).toContain(partial);
    expect(list.items.map((p) => p.slug)).not.toContain(slug);
    const found = await call(
      "GET",
      `/api/v1/products?market=eu&q=${encodeURIComponent(`Product ${slug}`)}`,
    );
    expect(((await found.json()) as { items: unknown[] }).items).toEqual([]);
    const variants = (await (
      await call("GET", `/api/v1/products/${partial}?market=jp`)
    ).json()) as { variants: { title: string }[] };
    expect(variants.variants.map((v) => v.title)).toEqual(["Everywhere"]);
  });

  it("keeps the markets apart in the cache: a price change in one market shows at once, and only there", async () => {
    await setUpMarkets();
    const slug = unique("cached");
    await createProduct({
      slug,
      variants: [
        {
          sku: sku(slug),
          title: "One",
          price: { amount: 1000, currency: "USD" },
          prices: marketPrices(900, 800, 1500),
        },
      ],
    });
    const price = async (market: string) =>
      (
        (await (await call("GET", `/api/v1/products/${slug}?market=${market}`)).json()) as {
          variants: { price: { amount: number } }[];
        }
      ).variants[0]?.price.amount;
    expect([await price("us"), await price("eu"), await price("jp")]).toEqual([1000, 900, 1500]);
    const patched = await adminCall("PATCH", `/api/v1/admin/products/${slug}`, {
      variants: [
        {
          sku: sku(slug),
          prices: [
            { market: "eu", price: { amount: 950, currency: "EUR" } },
            { market: "jp", price: null },
          ],
        },
      ],
    });
    expect(patched.status).toBe(200);
    expect([await price("us"), await price("eu"), await price("gb")]).toEqual([1000, 950, 800]);
    expect((await call("GET", `/api/v1/products/${slug}?market=jp`)).status).toBe(404);
  });

  it("refuses a price in another currency than its market's, or for a market that does not exist", async () => {
    await setUpMarkets();
    const res = await adminCall("POST", "/api/v1/admin/products", {
      ...newProduct(),
      variants: [
        {
          sku: unique("SKU"),
          title: "One",
          price: { amount: 1000, currency: "USD" },
          prices: [
            { market: "eu", price: { amount: 900, currency: "USD" } },
            { market: "mars", price: { amount: 1, currency: "EUR" } },
          ],
        },
      ],
    });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors).toEqual([
      { path: "variants.0.prices.0.price.currency", message: "must be EUR" },
      { path: "variants.0.prices.1.market", message: "no such market" },
    ]);
  });
});

describe("setting up markets", () => {
  it("keeps a country in one market, and the default in the store's currency", async () => {
    await setUpMarkets();
    const clash = await adminCall("PUT", "/api/v1/admin/markets/dach", {
      name: "DACH",
      currency: "EUR",
      countries: ["AT", "DE"],
      locale: "de-AT",
      pricesIncludeTax: true,
    });
    expect(clash.status).toBe(409);
    expect((await problemOf(clash)).detail).toContain("DE (eu)");
    const euro = await adminCall("PUT", "/api/v1/admin/markets/eu", {
      name: "Europe",
      currency: "EUR",
      countries: ["DE"],
      locale: "de-DE",
      pricesIncludeTax: true,
      default: true,
    });
    expect(euro.status).toBe(400);
    const gone = await adminCall("DELETE", "/api/v1/admin/markets/us");
    expect(gone.status).toBe(409);
    const badLocale = await adminCall("PUT", "/api/v1/admin/markets/xx", {
      name: "X",
      currency: "EUR",
      countries: [],
      locale: "not a locale!",
      pricesIncludeTax: true,
    });
    expect(badLocale.status).toBe(400);
  });
});
