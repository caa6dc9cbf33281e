import { describe, expect, it } from "vitest";
import { paidOrder } from "./email-helpers";
import { adminCall, call, createProduct, unique } from "./helpers";

interface Page {
  collection: { slug: string; title: string; kind: string; sort: string };
  sort: string;
  items: { slug: string; price: { amount: number }; inStock: boolean }[];
  nextCursor: string | null;
}

const pageOf = async (slug: string, query = "") => {
  const res = await call("GET", `/api/v1/collections/${slug}${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};
const slugsOf = async (slug: string, query = "") =>
  (await pageOf(slug, query)).items.map((p) => p.slug);

/** A product at `cents` in `category`, with `stock` units. */
async function product(cents: number, category = "things", stock = 5) {
  const { input } = await createProduct({
    category,
    variants: [
      { sku: unique("SKU"), title: "One", price: { amount: cents, currency: "USD" }, stock },
    ],
  });
  return input.slug;
}

describe("collections", () => {
  it("keeps a manual collection's products in the merchant's order, sorted on request", async () => {
    const [cheap, dear, middle] = [await product(500), await product(5000), await product(1500)];
    const slug = unique("picks");
    const created = await adminCall("POST", "/api/v1/admin/collections", {
      slug,
      kind: "manual",
      title: "Staff picks",
      products: [middle, dear, cheap],
    });
    expect(created.status).toBe(201);
    expect(await slugsOf(slug)).toEqual([middle, dear, cheap]);
    expect(await slugsOf(slug, "?sort=price_asc")).toEqual([cheap, middle, dear]);
    expect(await slugsOf(slug, "?sort=price_desc")).toEqual([dear, middle, cheap]);
    // A new order, and an archived product leaves it.
    await adminCall("PATCH", `/api/v1/admin/collections/${slug}`, {
      products: [cheap, dear, middle],
    });
    await adminCall("DELETE", `/api/v1/admin/products/${dear}`);
    expect(await slugsOf(slug)).toEqual([cheap, middle]);

    const unknown = await adminCall("POST", "/api/v1/admin/collections", {
      slug: unique("bad"),
      kind: "manual",
      title: "Bad",
      products: [cheap, "no-such-product"],
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(
      "products",
    );
    const again = await adminCall("POST", "/api/v1/admin/collections", {
      slug,
      kind: "manual",
      title: "Again",
    });
    expect(again.status).toBe(409);
  });

  it("holds what a rule matches: category, tag, price range and stock", async () => {
    const category = unique("cat");
    const [inRange, tooDear, soldOut, untagged] = [
      await product(2000, category),
      await product(9000, category),
      await product(2500, category, 0),
      await product(2100, category),
    ];
    for (const slug of [inRange, tooDear, soldOut]) {
      const res = await adminCall("PUT", `/api/v1/admin/products/${slug}/tags`, {
        tags: ["Gift", "gift"],
      });
      expect(await res.json()).toEqual({ tags: ["gift"] });
    }
    const slug = unique("gifts");
    await adminCall("POST", "/api/v1/admin/collections", {
      slug,
      kind: "rule",
      title: "Gifts under $50",
      rule: { category, tag: "gift", maxPrice: 5000, inStock: true },
    });
    expect(await slugsOf(slug)).toEqual([inRange]);
    // The rule changes: the next read follows.
    await adminCall("PATCH", `/api/v1/admin/collections/${slug}`, {
      rule: { category, minPrice: 2050 },
    });
    expect((await slugsOf(slug)).sort()).toEqual([tooDear, soldOut, untagged].sort());
    expect((await pageOf(slug)).items.find((p) => p.slug === soldOut)?.inStock).toBe(false);
    const products = await adminCall("PATCH", `/api/v1/admin/collections/${slug}`, {
      products: [inRange],
    });
    expect(products.status).toBe(400);
  });

  it("sorts by units sold, and pages through", async () => {
    const three = await paidOrder({ quantity: 3 });
    const one = await paidOrder({ quantity: 1 });
    const none = await product(1000);
    const slug = unique("sellers");
    await adminCall("POST", "/api/v1/admin/collections", {
      slug,
      kind: "manual",
      title: "Sellers",
      products: [none, one.product.slug, three.product.slug],
    });
    expect(await slugsOf(slug, "?sort=best_selling")).toEqual([
      three.product.slug,
      one.product.slug,
      none,
    ]);
    const first = await pageOf(slug, "?limit=2");
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBe("2");
    expect((await pageOf(slug, "?limit=2&cursor=2")).items.map((p) => p.slug)).toEqual([
      three.product.slug,
    ]);
    expect((await call("GET", "/api/v1/collections/no-such")).status).toBe(404);
    expect((await call("GET", `/api/v1/collections/${slug}?sort=cheapest`)).status).toBe(400);
  });

  it("shows the featured ones on the home page, the first as its hero, and each on its page", async () => {
    const a = await product(1200);
    const slug = unique("summer");
    await adminCall("POST", "/api/v1/admin/collections", {
      slug,
      kind: "manual",
      title: "Summer edit",
      description: "Light things for long days.",
      featured: 0,
      products: [a],
    });
    const home = await (await call("GET", "/")).text();
    expect(home).toMatch(
      /<section class="hero"[^>]*><h1 id="hero-title">Summer edit<\/h1><p>Light things for long days.<\/p>/,
    );
    expect(home).toContain(`<a class="button" href="/collections/${slug}">Shop Summer edit</a>`);
    const listed = (await (await call("GET", "/api/v1/collections")).json()) as {
      items: { slug: string }[];
    };
    expect(listed.items[0]?.slug).toBe(slug);

    const page = await call("GET", `/collections/${slug}?sort=price_desc`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Summer edit</h1>");
    expect(html).toContain('<option value="price_desc" selected="">');
    expect(html).toContain(`href="/products/${a}"`);
    expect((await call("GET", "/collections/no-such")).status).toBe(404);
  });
});
