import { describe, expect, it } from "vitest";
import { adminCall, browser, call, createProduct, unique } from "./helpers";
import { marketPrices, setUpMarkets } from "./market-helpers";

/** Every JSON-LD block of a page, parsed (a block that is not valid JSON fails the test). */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map(
    ([, text]) => JSON.parse(text ?? ""),
  );
}

const attr = (html: string, pattern: RegExp) => pattern.exec(html)?.[1];

type Offer = { price: string; priceCurrency: string; availability: string; sku: string };

describe("what search engines read of the shop", () => {
  it("describes a product page: description, canonical, Open Graph, Product and BreadcrumbList in the page's market", async () => {
    await setUpMarkets();
    const slug = unique("seo");
    const [inStock, soldOut] = [`${slug}-M`.toUpperCase(), `${slug}-L`.toUpperCase()];
    await createProduct({
      slug,
      title: "Field Jacket",
      category: "outerwear",
      description: `A waxed cotton jacket </script><script>alert(1)</script> ${"that keeps the rain out ".repeat(12)}`,
      variants: [
        {
          sku: inStock,
          title: "M",
          price: { amount: 2650, currency: "USD" },
          stock: 4,
          prices: marketPrices(2490, 2195, 3900),
        },
        {
          sku: soldOut,
          title: "L",
          price: { amount: 2650, currency: "USD" },
          stock: 0,
          prices: marketPrices(2490, 2195, 3900),
        },
      ],
    });

    const html = await (await call("GET", `/products/${slug}`)).text();
    const canonical = `https://shop.test/products/${slug}`;
    expect(attr(html, /<link rel="canonical" href="([^"]+)"/)).toBe(canonical);
    expect(attr(html, /<meta property="og:url" content="([^"]+)"/)).toBe(canonical);
    expect(attr(html, /<meta property="og:type" content="([^"]+)"/)).toBe("product");
    expect(attr(html, /<meta property="og:image" content="([^"]+)"/)).toMatch(
      /^https:\/\/shop\.test\//,
    );
    const description = (attr(html, /<meta name="description" content="([^"]+)"/) ?? "").replace(
      /&(lt|gt|amp|quot|#39);/g,
      "_",
    );
    expect(description.length).toBeLessThanOrEqual(160);
    expect(description).toMatch(/^A waxed cotton jacket/);
    expect(html).not.toContain('name="robots"');
    // The description's markup cannot end the JSON-LD's script element.
    expect(html).not.toContain("<script>alert(1)</script>");

    const [product, trail] = jsonLd(html);
    expect(product).toMatchObject({ "@type": "Product", name: "Field Jacket", url: canonical });
    const offers = product?.offers as Offer[];
    expect(offers.map((o) => [o.sku, o.price, o.priceCurrency, o.availability])).toEqual([
      [inStock, "26.50", "USD", "https://schema.org/InStock"],
      [soldOut, "26.50", "USD", "https://schema.org/OutOfStock"],
    ]);
    expect(trail).toMatchObject({ "@type": "BreadcrumbList" });
    expect(((trail?.itemListElement ?? []) as { name: string }[]).map((s) => s.name)).toEqual([
      "Edge Storefront",
      "Outerwear",
      "Field Jacket",
    ]);

    // In another market: its address, its currency, its price in that currency's digits.
    for (const [market, price, currency] of [
      ["eu", "24.90", "EUR"],
      ["jp", "3900", "JPY"],
    ]) {
      const there = await (await call("GET", `/products/${slug}?market=${market}`)).text();
      expect(attr(there, /<link rel="canonical" href="([^"]+)"/)).toBe(
        `${canonical}?market=${market}`,
      );
      const [ld] = jsonLd(there);
      expect(((ld?.offers ?? []) as Offer[])[0]).toMatchObject({ price, priceCurrency: currency });
    }
  });

  it("keeps a search's results, the cart and an account out of the index", async () => {
    const b = browser();
    for (const path of ["/?q=jacket", "/cart", "/login", "/no-such-page"]) {
      const html = await (await b.get(path)).text();
      expect(html, path).toContain('<meta name="robots" content="noindex"/>');
      expect(html, path).not.toContain('rel="canonical"');
    }
    const home = await (await call("GET", "/")).text();
    expect(home).not.toContain('name="robots"');
    expect(attr(home, /<link rel="canonical" href="([^"]+)"/)).toBe("https://shop.test/");
    const category = await (await call("GET", "/?category=outerwear")).text();
    expect(attr(category, /<link rel="canonical" href="([^"]+)"/)).toBe(
      "https://shop.test/?category=outerwear",
    );
    expect(jsonLd(category)[0]).toMatchObject({ "@type": "BreadcrumbList" });
  });

  it("lists every listed product in /sitemap.xml, in each market that sells it, with hreflang alternates; robots.txt names it", async () => {
    await setUpMarkets();
    const everywhere = unique("everywhere");
    const homeOnly = unique("home-only");
    const archived = unique("archived");
    const variant = (slug: string, prices: unknown[] = []) => ({
      sku: `${slug}-A`.toUpperCase(),
      title: "One",
      price: { amount: 1000, currency: "USD" },
      stock: 1,
      prices,
    });
    await createProduct({
      slug: everywhere,
      variants: [variant(everywhere, marketPrices(900, 800, 1500))],
    });
    await createProduct({ slug: homeOnly, variants: [variant(homeOnly)] });
    await createProduct({ slug: archived, variants: [variant(archived)] });
    expect((await adminCall("DELETE", `/api/v1/admin/products/${archived}`)).status).toBe(204);

    const res = await call("GET", "/sitemap.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset /);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map(([, loc]) => loc);
    const origin = "https://shop.test";
    expect(locs).toContain(`${origin}/`);
    expect(locs).toContain(`${origin}/?market=eu`);
    for (const market of ["", "?market=eu", "?market=gb", "?market=jp"]) {
      expect(locs).toContain(`${origin}/products/${everywhere}${market}`);
    }
    expect(locs).toContain(`${origin}/products/${homeOnly}`);
    expect(locs.filter((l) => l?.includes(homeOnly))).toHaveLength(1);
    expect(locs.some((l) => l?.includes(archived))).toBe(false);

    const entry = xml.split("<url>").find((u) => u.includes(`/products/${everywhere}?market=eu<`));
    const alternates = [...(entry ?? "").matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map(
      ([, lang, href]) => [lang, href],
    );
    expect(alternates).toEqual([
      ["en-US", `${origin}/products/${everywhere}`],
      ["de-DE", `${origin}/products/${everywhere}?market=eu`],
      ["en-GB", `${origin}/products/${everywhere}?market=gb`],
      ["ja-JP", `${origin}/products/${everywhere}?market=jp`],
      ["x-default", `${origin}/products/${everywhere}`],
    ]);

    // A new product is in the next sitemap: a catalog write makes it again.
    const later = unique("later");
    await createProduct({ slug: later, variants: [variant(later)] });
    expect(await (await call("GET", "/sitemap.xml")).text()).toContain(`/products/${later}<`);

    const robots = await call("GET", "/robots.txt");
    expect(robots.status).toBe(200);
    const text = await robots.text();
    expect(text).toContain(`Sitemap: ${origin}/sitemap.xml`);
    expect(text).toContain("Disallow: /admin");
    expect(text).toContain("Disallow: /checkout");
  });
});
