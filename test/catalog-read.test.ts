import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bumpCatalogVersion } from "../src/catalog/cache";
import type { ProductSummary } from "../src/schemas/catalog";
import { app } from "../workers/app";
import {
  adminCall,
  call,
  createProduct,
  newProduct,
  ORIGIN,
  type ProductBody,
  problemOf,
  unique,
} from "./helpers";

type Summary = ProductSummary;
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

async function page(query: string): Promise<Page> {
  const res = await call("GET", `/api/v1/products?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

async function allPages(query: string, limit: number): Promise<Summary[]> {
  const seen: Summary[] = [];
  let cursor: string | null = null;
  do {
    const p: Page = await page(
      `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(p.items.length).toBeLessThanOrEqual(limit);
    seen.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return seen;
}

async function createMany(
  category: string,
  count: number,
  extra: (i: number) => object = () => ({}),
) {
  const products = Array.from({ length: count }, (_, i) =>
    newProduct({ category, title: `Item ${i}`, ...extra(i) }),
  );
  const res = await adminCall("POST", "/api/v1/admin/products/bulk", { products });
  expect(res.status).toBe(201);
  return products;
}

describe("listing products", () => {
  it("lists summaries with the lowest variant price and stock flag", async () => {
    const category = unique("cat");
    const { input } = await createProduct({
      category,
      variants: [
        { sku: unique("SKU"), title: "Large", price: { amount: 2500, currency: "USD" }, stock: 0 },
        { sku: unique("SKU"), title: "Small", price: { amount: 1900, currency: "USD" }, stock: 0 },
      ],
    });
    const { items } = await page(`category=${category}`);
    expect(items).toEqual([
      {
        id: expect.stringMatching(/^prd_/),
        slug: input.slug,
        title: input.title,
        category,
        imageUrl: `/images/products/${input.slug}.svg`,
        price: { amount: 1900, currency: "USD" },
        inStock: false,
      },
    ]);
  });

  it("pages through every product exactly once, newest first", async () => {
    const category = unique("paging");
    const created = await createMany(category, 23);
    const seen = await allPages(`category=${category}`, 5);
    expect(seen.map((s) => s.slug)).toEqual(created.map((p) => p.slug).reverse());
  });

  it("uses limit 20 by default and rejects a bad limit or cursor", async () => {
    const category = unique("limits");
    await createMany(category, 21);
    const first = await page(`category=${category}`);
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));

    for (const bad of ["limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor", "cursor=e30"]) {
      const res = await call("GET", `/api/v1/products?${bad}`);
      expect(res.status, bad).toBe(400);
      expect((await problemOf(res)).code).toBe("validation_failed");
    }
  });

  it("filters by category slug; an unknown category lists nothing", async () => {
    const [a, b] = [unique("cat-a"), unique("cat-b")];
    await createMany(a, 2);
    await createMany(b, 3);
    expect((await page(`category=${a}`)).items).toHaveLength(2);
    expect((await page(`category=${b}`)).items.every((s) => s.category === b)).toBe(true);
    expect((await page(`category=${unique("none")}`)).items).toEqual([]);
  });

  it("never lists archived products", async () => {
    const category = unique("arch");
    const [kept, gone] = await createMany(category, 2);
    expect((await adminCall("DELETE", `/api/v1/admin/products/${gone?.slug}`)).status).toBe(204);
    expect((await page(`category=${category}`)).items.map((s) => s.slug)).toEqual([kept?.slug]);
  });
});

describe("search", () => {
  it("matches words in title and description, any case, prefix of the last word", async () => {
    const category = unique("search");
    const word = `zebrawood${Date.now().toString(36)}`;
    await createMany(category, 4, (i) => ({
      title: i === 0 ? `${word} Bowl` : `Plain Item ${i}`,
      description: i === 1 ? `Turned from ${word.toUpperCase()} by hand.` : "Nothing special.",
    }));
    const hits = await page(`q=${word}&category=${category}`);
    expect(hits.items.map((s) => s.title).sort()).toEqual(["Plain Item 1", `${word} Bowl`]);
    expect(
      (await page(`q=${word.slice(0, 8).toUpperCase()}&category=${category}`)).items,
    ).toHaveLength(2);
    expect((await page(`q=${word}+bowl&category=${category}`)).items).toHaveLength(1);
  });

  it("treats FTS syntax as plain words and pages through results", async () => {
    const category = unique("fts");
    const word = `quokka${Date.now().toString(36)}`;
    await createMany(category, 7, () => ({ description: `A ${word} print.` }));
    for (const q of [`"${word}`, `${word} OR`, `${word} NEAR(`, "*", `${word}:`]) {
      const res = await call("GET", `/api/v1/products?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
    const seen = await allPages(`q=${word}`, 3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((s) => s.slug)).size).toBe(7);
  });

  it("keeps search in step with edits and archiving", async () => {
    const before = `narwhal${Date.now().toString(36)}`;
    const after = `axolotl${Date.now().toString(36)}`;
    const { input } = await createProduct({ title: `${before} Mug` });
    expect((await page(`q=${before}`)).items).toHaveLength(1);
    await adminCall("PATCH", `/api/v1/admin/products/${input.slug}`, { title: `${after} Mug` });
    expect((await page(`q=${before}`)).items).toHaveLength(0);
    expect((await page(`q=${after}`)).items).toHaveLength(1);
    await adminCall("DELETE", `/api/v1/admin/products/${input.slug}`);
    expect((await page(`q=${after}`)).items).toHaveLength(0);
  });
});

describe("product detail", () => {
  it("answers the product with variants, availability, etag and cache-control", async () => {
    const { input, product } = await createProduct();
    const res = await call("GET", `/api/v1/products/${input.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBeTruthy();
    expect(res.headers.get("cache-control")).toContain("public");
    const body = (await res.json()) as ProductBody;
    expect(body).toEqual(product);
    expect(body.variants).toEqual([
      {
        sku: input.variants[0]?.sku,
        title: "Default",
        price: { amount: 1500, currency: "USD" },
        available: 5,
        options: {},
        images: [],
      },
    ]);
    expect(body.options).toEqual([]);
    expect(body.images).toEqual([]);
  });

  it("answers 304 to a matching if-none-match and 200 after a change", async () => {
    const { input } = await createProduct();
    const first = await call("GET", `/api/v1/products/${input.slug}`);
    const tag = first.headers.get("etag") ?? "";
    const again = await call("GET", `/api/v1/products/${input.slug}`, {
      headers: { "if-none-match": tag },
    });
    expect(again.status).toBe(304);
    await adminCall("PATCH", `/api/v1/admin/products/${input.slug}`, { title: "Renamed" });
    const changed = await call("GET", `/api/v1/products/${input.slug}`, {
      headers: { "if-none-match": tag },
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as ProductBody).title).toBe("Renamed");
  });

  it("answers 404 not_found for unknown and archived slugs", async () => {
    const { input } = await createProduct();
    await adminCall("DELETE", `/api/v1/admin/products/${input.slug}`);
    for (const slug of [input.slug, "no-such-product", "Weird%20Slug"]) {
      const res = await call("GET", `/api/v1/products/${slug}`);
      expect(res.status, slug).toBe(404);
      expect((await problemOf(res)).code).toBe("not_found");
    }
  });
});

describe("categories", () => {
  it("counts active products per category", async () => {
    const category = unique("counted");
    const products = await createMany(category, 3, () => ({ categoryName: "Counted Things" }));
    await adminCall("DELETE", `/api/v1/admin/products/${products[0]?.slug}`);
    const res = await call("GET", "/api/v1/categories");
    const { items } = (await res.json()) as {
      items: { slug: string; name: string; productCount: number }[];
    };
    expect(items.find((c) => c.slug === category)).toEqual({
      slug: category,
      name: "Counted Things",
      productCount: 2,
    });
  });
});

describe("edge cache", () => {
  /** Runs a request through the app with a D1 binding that records (and refuses) every use. */
  async function withTrappedDb(path: string) {
    const touched: string[] = [];
    const trap = new Proxy(env.DB, {
      get(_target, prop) {
        touched.push(String(prop));
        throw new Error(`D1 used: ${String(prop)}`);
      },
    });
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`${ORIGIN}${path}`), { ...env, DB: trap }, ctx);
    await waitOnExecutionContext(ctx);
    return { res, touched };
  }

  it("serves a cached product, list and categories without touching D1", async () => {
    const { input } = await createProduct();
    const paths = [
      `/api/v1/products/${input.slug}`,
      `/api/v1/products?category=${input.category}`,
      "/api/v1/categories",
      "/api/v1/products/not-there",
    ];
    const warm: string[] = [];
    for (const path of paths) {
      const res = await call("GET", path);
      warm.push(await res.text());
    }
    for (const [i, path] of paths.entries()) {
      const { res, touched } = await withTrappedDb(path);
      expect(touched, path).toEqual([]);
      expect(await res.text()).toBe(warm[i]);
    }
  });

  it("a cold read does reach D1 (the trap works)", async () => {
    const { input } = await createProduct();
    await bumpCatalogVersion(env.CATALOG_CACHE);
    const { res, touched } = await withTrappedDb(`/api/v1/products/${input.slug}`);
    expect(touched.length).toBeGreaterThan(0);
    // The failure surfaces as the contract's 500, with nothing internal in the body.
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ code: "internal", status: 500 });
    expect(body).not.toContain("D1 used");
    expect(body).not.toContain("at ");
  });

  it("shows every admin write on the very next read", async () => {
    const { input } = await createProduct();
    const path = `/api/v1/products/${input.slug}`;
    const read = async () => (await (await call("GET", path)).json()) as ProductBody;
    const sku = input.variants[0]?.sku ?? "";
    await read();

    await adminCall("PATCH", path.replace("/api/v1/", "/api/v1/admin/"), {
      description: "New words.",
      variants: [{ sku, price: { amount: 999, currency: "USD" } }],
    });
    const patched = await read();
    expect(patched.description).toBe("New words.");
    expect(patched.variants[0]?.price.amount).toBe(999);
    const listed = await page(`category=${input.category}&limit=100`);
    expect(listed.items.find((s) => s.slug === input.slug)?.price.amount).toBe(999);

    await adminCall("PUT", `/api/v1/admin/inventory/${sku}`, { onHand: 42 });
    expect((await read()).variants[0]?.available).toBe(42);

    await adminCall("DELETE", path.replace("/api/v1/", "/api/v1/admin/"));
    expect((await call("GET", path)).status).toBe(404);
  });
});
