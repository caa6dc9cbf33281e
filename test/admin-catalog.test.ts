import { describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  adminCall,
  call,
  createProduct,
  newProduct,
  type ProductBody,
  problemOf,
  unique,
} from "./helpers";

const PRODUCTS = "/api/v1/admin/products";

async function expectValidation(body: unknown, paths: string[], method = "POST", path = PRODUCTS) {
  const res = await adminCall(method, path, body);
  expect(res.status).toBe(400);
  const problem = await problemOf(res);
  expect(problem.code).toBe("validation_failed");
  expect(problem.errors?.map((e) => e.path).sort()).toEqual([...paths].sort());
  return problem;
}

describe("admin authentication", () => {
  const routes: [string, string][] = [
    ["POST", PRODUCTS],
    ["POST", `${PRODUCTS}/bulk`],
    ["PATCH", `${PRODUCTS}/anything`],
    ["DELETE", `${PRODUCTS}/anything`],
    ["PUT", "/api/v1/admin/inventory/SKU-1"],
    ["GET", "/api/v1/admin/inventory/SKU-1"],
  ];

  it.each(routes)("%s %s answers 401 without a token or with a wrong one", async (method, path) => {
    for (const token of [null, "wrong-token", `${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(0, -1)]) {
      const res = await call(method, path, { token, body: {} });
      expect(res.status, String(token)).toBe(401);
      expect((await problemOf(res)).code).toBe("unauthorized");
    }
    const basic = await call(method, path, {
      headers: { authorization: `Basic ${btoa(`admin:${ADMIN_TOKEN}`)}` },
    });
    expect(basic.status).toBe(401);
  });
});

describe("creating products", () => {
  it("creates a product with its category, variants and stock (201)", async () => {
    const category = unique("new-cat");
    const input = newProduct({
      category,
      imageUrl: "https://images.example.com/a.png",
      variants: [
        { sku: unique("S"), title: "Red", price: { amount: 1200, currency: "USD" }, stock: 3 },
        { sku: unique("S"), title: "Blue", price: { amount: 1300, currency: "USD" } },
      ],
    });
    const res = await adminCall("POST", PRODUCTS, input);
    expect(res.status).toBe(201);
    const product = (await res.json()) as ProductBody;
    expect(product).toMatchObject({
      slug: input.slug,
      title: input.title,
      description: input.description,
      category,
      imageUrl: "https://images.example.com/a.png",
      variants: [
        {
          sku: input.variants[0]?.sku,
          title: "Red",
          price: { amount: 1200, currency: "USD" },
          available: 3,
        },
        {
          sku: input.variants[1]?.sku,
          title: "Blue",
          price: { amount: 1300, currency: "USD" },
          available: 0,
        },
      ],
    });
    expect(new Date(product.updatedAt).toISOString()).toBe(product.updatedAt);
    const categories = (await (await call("GET", "/api/v1/categories")).json()) as {
      items: { slug: string; name: string }[];
    };
    expect(categories.items.find((c) => c.slug === category)?.name).toMatch(/^New Cat /);
  });

  it("answers 409 conflict for a slug or sku that exists, and creates nothing", async () => {
    const { input } = await createProduct();
    const sameSlug = newProduct({ slug: input.slug });
    const sameSku = newProduct({ variants: [{ ...input.variants[0], title: "x" }] });
    for (const body of [sameSlug, sameSku]) {
      const res = await adminCall("POST", PRODUCTS, body);
      expect(res.status).toBe(409);
      expect((await problemOf(res)).code).toBe("conflict");
    }
    expect((await call("GET", `/api/v1/products/${sameSku.slug}`)).status).toBe(404);
  });

  it("answers 409 when two products of one bulk request share a sku, and creates neither", async () => {
    const a = newProduct();
    const b = newProduct({ variants: a.variants });
    const res = await adminCall("POST", `${PRODUCTS}/bulk`, { products: [a, b] });
    expect(res.status).toBe(409);
    expect((await call("GET", `/api/v1/products/${a.slug}`)).status).toBe(404);
  });

  it("creates 100 products with 200 skus in one bulk request, and a product with 50 variants", async () => {
    const products = Array.from({ length: 100 }, () => {
      const p = newProduct({ description: "Bulk." });
      const base = p.variants[0];
      return { ...p, variants: [base, { ...base, sku: `${base?.sku}-B`, title: "Other" }] };
    });
    const res = await adminCall("POST", `${PRODUCTS}/bulk`, { products });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: 100 });

    const wide = newProduct({
      variants: Array.from({ length: 50 }, (_, i) => ({
        sku: unique(`W${i}`),
        title: `Size ${i}`,
        price: { amount: 100 + i, currency: "USD" },
      })),
    });
    const created = await adminCall("POST", PRODUCTS, wide);
    expect(created.status).toBe(201);
    const body = (await created.json()) as ProductBody;
    expect(body.variants.map((v) => v.title)).toEqual(wide.variants.map((v) => v.title));
  });

  it("lists every missing field", async () => {
    await expectValidation({}, ["slug", "title", "description", "category", "variants"]);
  });

  it("rejects wrong types, bad formats and out-of-range values, one error per field", async () => {
    const input = newProduct();
    await expectValidation(
      {
        ...input,
        slug: "Not A Slug",
        title: 42,
        category: "",
        variants: [
          { sku: "bad sku!", title: "x", price: { amount: -1, currency: "USD" }, stock: -2 },
          { sku: "OK-1", title: "y", price: { amount: 1.5, currency: "usd" } },
        ],
      },
      [
        "slug",
        "title",
        "category",
        "variants.0.sku",
        "variants.0.price.amount",
        "variants.0.stock",
        "variants.1.price.amount",
        "variants.1.price.currency",
      ],
    );
  });

  it("rejects unknown fields anywhere in the body (no mass assignment)", async () => {
    const input = newProduct();
    const problem = await expectValidation({ ...input, id: "prd_mine", status: "archived" }, [
      "(body)",
    ]);
    expect(problem.errors?.[0]?.message).toContain("id");
    const variant = { ...input.variants[0], available: 99 };
    await expectValidation({ ...input, variants: [variant] }, ["variants.0"]);
  });

  it("rejects a price in another currency than the store's", async () => {
    const input = newProduct();
    const variant = { ...input.variants[0], price: { amount: 100, currency: "EUR" } };
    await expectValidation({ ...input, variants: [variant] }, ["variants.0.price.currency"]);
  });

  it("rejects an empty variant list and duplicate skus in one product", async () => {
    const input = newProduct();
    await expectValidation({ ...input, variants: [] }, ["variants"]);
    const v = input.variants[0];
    await expectValidation({ ...input, variants: [v, v] }, ["variants"]);
  });
});

describe("patching products", () => {
  it("changes text, category and a variant's title and price", async () => {
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku;
    const category = unique("moved");
    const res = await adminCall("PATCH", `${PRODUCTS}/${input.slug}`, {
      title: "New title",
      category,
      variants: [{ sku, title: "Renamed", price: { amount: 2100, currency: "USD" } }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      title: "New title",
      description: input.description,
      category,
      variants: [{ sku, title: "Renamed", price: { amount: 2100, currency: "USD" }, available: 5 }],
    });
  });

  it("rejects a sku of another product, unknown fields and bad values", async () => {
    const { input } = await createProduct();
    const other = await createProduct();
    const path = `${PRODUCTS}/${input.slug}`;
    await expectValidation(
      { variants: [{ sku: other.input.variants[0]?.sku, title: "Stolen" }] },
      ["variants.0.sku"],
      "PATCH",
      path,
    );
    await expectValidation({ slug: "renamed" }, ["(body)"], "PATCH", path);
    await expectValidation(
      {
        title: "",
        variants: [{ sku: input.variants[0]?.sku, price: { amount: -5, currency: "USD" } }],
      },
      ["title", "variants.0.price.amount"],
      "PATCH",
      path,
    );
    const unchanged = (await (
      await call("GET", `/api/v1/products/${input.slug}`)
    ).json()) as ProductBody;
    expect(unchanged.title).toBe(input.title);
  });

  it("answers 404 for an unknown or archived product", async () => {
    const { input } = await createProduct();
    await adminCall("DELETE", `${PRODUCTS}/${input.slug}`);
    for (const slug of [input.slug, "never-was"]) {
      const res = await adminCall("PATCH", `${PRODUCTS}/${slug}`, { title: "x" });
      expect(res.status).toBe(404);
    }
  });
});

describe("archiving products", () => {
  it("archives once (204), then answers 404; the sku and its stock stay known", async () => {
    const { input } = await createProduct();
    expect((await adminCall("DELETE", `${PRODUCTS}/${input.slug}`)).status).toBe(204);
    expect((await adminCall("DELETE", `${PRODUCTS}/${input.slug}`)).status).toBe(404);
    const stock = await adminCall("GET", `/api/v1/admin/inventory/${input.variants[0]?.sku}`);
    expect(stock.status).toBe(200);
    const again = await adminCall("POST", PRODUCTS, newProduct({ slug: input.slug }));
    expect(again.status).toBe(409);
  });
});
