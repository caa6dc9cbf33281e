import { describe, expect, it } from "vitest";
import { paidOrder } from "./email-helpers";
import { adminCall, call, createProduct, type ProductBody, unique } from "./helpers";

const slugsOf = async (query: string) => {
  const res = await call("GET", `/api/v1/products?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { slug: string }[] }).items.map((p) => p.slug);
};

async function product(
  category: string,
  cents: number,
  stock = 5,
  extra: Record<string, unknown> = {},
) {
  const { input } = await createProduct({
    category,
    variants: [
      { sku: unique("SKU"), title: "One", price: { amount: cents, currency: "USD" }, stock },
    ],
    ...extra,
  });
  return input.slug;
}

describe("sorting and narrowing the catalog", () => {
  it("sorts a browse by price either way, newest by default, and narrows it to a price range", async () => {
    const category = unique("cat");
    const cheap = await product(category, 500);
    const dear = await product(category, 9000);
    const middle = await product(category, 2500);
    expect(await slugsOf(`category=${category}`)).toEqual([middle, dear, cheap]);
    expect(await slugsOf(`category=${category}&sort=price_asc`)).toEqual([cheap, middle, dear]);
    expect(await slugsOf(`category=${category}&sort=price_desc`)).toEqual([dear, middle, cheap]);
    expect(await slugsOf(`category=${category}&minPrice=1000&maxPrice=5000`)).toEqual([middle]);
    // Pages go on in the same order.
    const first = (await (
      await call("GET", `/api/v1/products?category=${category}&sort=price_asc&limit=2`)
    ).json()) as {
      nextCursor: string;
    };
    expect(
      await slugsOf(`category=${category}&sort=price_asc&limit=2&cursor=${first.nextCursor}`),
    ).toEqual([dear]);
    // An admin change shows on the next read of a cached first page.
    const shown = (await (await call("GET", `/api/v1/products/${dear}`)).json()) as ProductBody;
    await adminCall("PATCH", `/api/v1/admin/products/${dear}`, {
      variants: [{ sku: shown.variants[0]?.sku, price: { amount: 100, currency: "USD" } }],
    });
    expect(await slugsOf(`category=${category}&sort=price_asc`)).toEqual([dear, cheap, middle]);
  });

  it("narrows to what is in stock and to option values", async () => {
    const category = unique("cat");
    const inStock = await product(category, 1000, 3);
    await product(category, 1000, 0);
    const red = await product(category, 1200, 2, {
      options: [{ name: "Colour", values: ["Red", "Blue"] }],
      variants: [
        {
          sku: unique("R"),
          title: "Red",
          price: { amount: 1200, currency: "USD" },
          stock: 2,
          options: { Colour: "Red" },
        },
        {
          sku: unique("B"),
          title: "Blue",
          price: { amount: 1200, currency: "USD" },
          stock: 2,
          options: { Colour: "Blue" },
        },
      ],
    });
    expect((await slugsOf(`category=${category}&inStock=true`)).sort()).toEqual(
      [inStock, red].sort(),
    );
    expect(await slugsOf(`category=${category}&option.Colour=Red`)).toEqual([red]);
    expect(await slugsOf(`category=${category}&option.Colour=Green`)).toEqual([]);
    const tooMany = "option.a=1&option.b=2&option.c=3&option.d=4";
    expect((await call("GET", `/api/v1/products?${tooMany}`)).status).toBe(400);
    expect((await call("GET", "/api/v1/products?sort=cheapest")).status).toBe(400);
  });

  it("sorts by units sold", async () => {
    const one = await paidOrder({ quantity: 1 });
    const three = await paidOrder({ quantity: 3 });
    const order = await slugsOf("sort=best_selling&limit=100");
    expect(order.indexOf(three.product.slug)).toBeLessThan(order.indexOf(one.product.slug));
    expect(order.indexOf(one.product.slug)).toBeGreaterThanOrEqual(0);
  });

  it("offers the same on the shop's page, without JavaScript", async () => {
    const category = unique("cat");
    const cheap = await product(category, 500);
    const dear = await product(category, 9000);
    const html = await (
      await call("GET", `/?category=${category}&sort=price_desc&min=10&stock=in`)
    ).text();
    expect(html).toContain('<form method="get" action="/" class="refine">');
    expect(html).toContain('<option value="price_desc" selected="">');
    expect(html).toContain('name="min" inputmode="decimal" size="6" value="10"');
    expect(html).toContain(`/products/${dear}"`);
    expect(html).not.toContain(`/products/${cheap}"`);
    // A search keeps its relevance order and has no such form.
    expect(await (await call("GET", "/?q=thing")).text()).not.toContain('class="refine"');
  });
});
