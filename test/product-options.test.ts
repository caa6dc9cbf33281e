import { describe, expect, it } from "vitest";
import { addToCart } from "./checkout-helpers";
import { adminCall, call, guest, newProduct, problemOf, unique } from "./helpers";

const OPTIONS = [
  { name: "Size", values: ["S", "M", "L"] },
  { name: "Colour", values: ["Black", "Sand"] },
];

/** A product with Size × Colour variants, `combos` of them, each with its stock. */
async function optionedProduct(combos: [size: string, colour: string, stock: number][]) {
  const base = newProduct();
  const variants = combos.map(([size, colour, stock]) => ({
    sku: `${base.slug}-${size}-${colour}`.toUpperCase(),
    title: `${size} / ${colour}`,
    price: { amount: size === "L" ? 2650 : 2400, currency: "USD" },
    stock,
    options: { Colour: colour, Size: size },
  }));
  const res = await adminCall("POST", "/api/v1/admin/products", {
    ...base,
    options: OPTIONS,
    variants,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return { slug: base.slug, variants, product: (await res.json()) as Detail };
}

interface Detail {
  options: { name: string; values: string[] }[];
  variants: { sku: string; options: Record<string, string>; available: number }[];
}

const detail = async (slug: string) =>
  (await (await call("GET", `/api/v1/products/${slug}`)).json()) as Detail;

describe("product options", () => {
  it("stores the axes and each variant's combination, in the axes' order", async () => {
    const { slug, product } = await optionedProduct([
      ["S", "Black", 2],
      ["M", "Sand", 0],
    ]);
    expect(product.options).toEqual(OPTIONS);
    expect(product.variants.map((v) => v.options)).toEqual([
      { Size: "S", Colour: "Black" },
      { Size: "M", Colour: "Sand" },
    ]);
    // Key order follows the axes, whatever order the request gave.
    expect(Object.keys(product.variants[0]?.options ?? {})).toEqual(["Size", "Colour"]);
    expect((await detail(slug)).options).toEqual(OPTIONS);
  });

  it("refuses variants that do not fit the options: a missing axis, an unknown value, a repeated combination", async () => {
    const base = newProduct();
    const variant = (sku: string, options?: Record<string, string>) => ({
      sku: `${base.slug}-${sku}`.toUpperCase(),
      title: sku,
      price: { amount: 1000, currency: "USD" },
      ...(options ? { options } : {}),
    });
    const res = await adminCall("POST", "/api/v1/admin/products", {
      ...base,
      options: OPTIONS,
      variants: [
        variant("a", { Size: "S", Colour: "Black" }),
        variant("b", { Size: "S" }),
        variant("c", { Size: "XL", Colour: "Black" }),
        variant("d", { Size: "S", Colour: "Black" }),
        variant("e"),
      ],
    });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors?.map((e) => e.path)).toEqual([
      "variants.1.options",
      "variants.2.options.Size",
      "variants.3.options",
      "variants.4.options",
    ]);
    expect(problem.errors?.[1]?.message).toBe("Choose one of S, M, L.");
    expect(problem.errors?.[2]?.message).toBe("Another variant has these options.");
    // Nothing was written.
    expect((await call("GET", `/api/v1/products/${base.slug}`)).status).toBe(404);

    const twice = await adminCall("POST", "/api/v1/admin/products", {
      ...newProduct(),
      options: [
        { name: "Size", values: ["S", "S"] },
        { name: "size", values: ["M"] },
      ],
    });
    expect((await problemOf(twice)).errors?.map((e) => e.path)).toEqual([
      "options.0.values",
      "options",
    ]);
  });

  it("adds a variant to an existing product, and removes one; the last one stays", async () => {
    const { slug, variants } = await optionedProduct([["S", "Black", 1]]);
    const sku = `${slug}-L-SAND`.toUpperCase();
    const added = await adminCall("POST", `/api/v1/admin/products/${slug}/variants`, {
      sku,
      title: "L / Sand",
      price: { amount: 2650, currency: "USD" },
      stock: 4,
      options: { Size: "L", Colour: "Sand" },
    });
    expect(added.status, await added.clone().text()).toBe(201);
    const after = await detail(slug);
    expect(after.variants.map((v) => [v.sku, v.available])).toEqual([
      [variants[0]?.sku, 1],
      [sku, 4],
    ]);
    const { token } = await guest();
    expect((await addToCart(token, sku, 2)).status).toBe(200);

    // The same combination again, or a taken sku, is refused.
    const again = await adminCall("POST", `/api/v1/admin/products/${slug}/variants`, {
      sku: unique("SKU"),
      title: "again",
      price: { amount: 2650, currency: "USD" },
      options: { Size: "L", Colour: "Sand" },
    });
    expect((await problemOf(again)).errors?.map((e) => e.path)).toEqual(["options"]);
    const taken = await adminCall("POST", `/api/v1/admin/products/${slug}/variants`, {
      sku,
      title: "taken",
      price: { amount: 2650, currency: "USD" },
      options: { Size: "M", Colour: "Sand" },
    });
    expect(taken.status).toBe(409);

    expect(
      (await adminCall("DELETE", `/api/v1/admin/products/${slug}/variants/${sku}`)).status,
    ).toBe(204);
    expect((await detail(slug)).variants.map((v) => v.sku)).toEqual([variants[0]?.sku]);
    // The cart that held it drops the line; the sku can no longer be added.
    const cart = (await (await call("GET", "/api/v1/cart", { token })).json()) as {
      items: unknown[];
    };
    expect(cart.items).toEqual([]);
    expect((await addToCart(token, sku, 1)).status).toBe(404);
    const last = await adminCall(
      "DELETE",
      `/api/v1/admin/products/${slug}/variants/${variants[0]?.sku}`,
    );
    expect(last.status).toBe(409);
    expect((await adminCall("DELETE", `/api/v1/admin/products/${slug}/variants/NOPE`)).status).toBe(
      404,
    );
  });

  it("changes the axes with a patch only when every variant still fits them", async () => {
    const { slug, variants } = await optionedProduct([
      ["S", "Black", 1],
      ["M", "Black", 1],
    ]);
    const withOlive = [OPTIONS[0], { name: "Colour", values: ["Black", "Olive"] }];
    // Renaming a value the variants use, without moving them, names each one.
    const refused = await adminCall("PATCH", `/api/v1/admin/products/${slug}`, {
      options: [OPTIONS[0], { name: "Colour", values: ["Olive"] }],
    });
    expect(refused.status).toBe(400);
    expect((await problemOf(refused)).errors?.map((e) => e.path)).toEqual(["options", "options"]);
    // Moving one variant to the new value with the patch: the other still fits.
    const moved = await adminCall("PATCH", `/api/v1/admin/products/${slug}`, {
      options: withOlive,
      variants: [{ sku: variants[1]?.sku, options: { Size: "M", Colour: "Olive" } }],
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const after = await detail(slug);
    expect(after.options).toEqual(withOlive);
    expect(after.variants.map((v) => v.options.Colour)).toEqual(["Black", "Olive"]);
    // A product without options keeps variants without them.
    const plain = newProduct();
    expect((await adminCall("POST", "/api/v1/admin/products", plain)).status).toBe(201);
    expect((await detail(plain.slug)).options).toEqual([]);
    const stray = await adminCall("PATCH", `/api/v1/admin/products/${plain.slug}`, {
      variants: [{ sku: plain.variants[0]?.sku, options: { Size: "S" } }],
    });
    expect((await problemOf(stray)).errors?.[0]).toEqual({
      path: "variants.0.options",
      message: "The product has no options.",
    });
  });

  it("never lets two removals at once take the last variant, nor two adds at once make the same combination twice", async () => {
    const { slug, variants } = await optionedProduct([
      ["S", "Black", 1],
      ["M", "Black", 1],
    ]);
    const removals = await Promise.all(
      variants.map((v) => adminCall("DELETE", `/api/v1/admin/products/${slug}/variants/${v.sku}`)),
    );
    expect(removals.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await detail(slug)).variants).toHaveLength(1);

    const add = (sku: string) =>
      adminCall("POST", `/api/v1/admin/products/${slug}/variants`, {
        sku,
        title: "L / Sand",
        price: { amount: 2650, currency: "USD" },
        options: { Size: "L", Colour: "Sand" },
      });
    const adds = await Promise.all([add(unique("SKU-A")), add(unique("SKU-B"))]);
    const statuses = adds.map((r) => r.status).sort();
    expect(statuses[0]).toBe(201);
    expect([400, 409]).toContain(statuses[1]);
    const sand = (await detail(slug)).variants.filter((v) => v.options.Colour === "Sand");
    expect(sand).toHaveLength(1);
  });

  it("lets a patch swap two variants' combinations", async () => {
    const { slug, variants } = await optionedProduct([
      ["S", "Black", 1],
      ["M", "Black", 1],
    ]);
    const [small, medium] = variants;
    const res = await adminCall("PATCH", `/api/v1/admin/products/${slug}`, {
      variants: [
        { sku: small?.sku, options: { Size: "M", Colour: "Black" } },
        { sku: medium?.sku, options: { Size: "S", Colour: "Black" } },
      ],
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await detail(slug);
    expect(after.variants.map((v) => [v.sku, v.options.Size])).toEqual([
      [small?.sku, "M"],
      [medium?.sku, "S"],
    ]);
  });
});
