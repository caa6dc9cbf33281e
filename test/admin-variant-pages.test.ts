import { describe, expect, it } from "vitest";
import { stockOf } from "./checkout-helpers";
import { adminCall, createProduct, type ProductBody } from "./helpers";
import { ownerBrowser } from "./staff-helpers";

/** A product with two variants and no options yet. */
async function twoVariants() {
  const { input } = await createProduct();
  const sku = input.variants[0]?.sku ?? "";
  const second = `${sku}-2`;
  const res = await adminCall("POST", `/api/v1/admin/products/${input.slug}/variants`, {
    sku: second,
    title: "Second",
    price: { amount: 1700, currency: "USD" },
    stock: 2,
  });
  expect(res.status).toBe(201);
  return { slug: input.slug, skus: [sku, second] };
}

const productOf = async (slug: string) =>
  (await (await adminCall("GET", `/api/v1/products/${slug}`)).json()) as ProductBody;

describe("a product's options and variants in the back office", () => {
  it("gives a product axes and each variant its combination, in one save", async () => {
    const b = await ownerBrowser();
    const { slug, skus } = await twoVariants();
    const page = await (await b.get(`/admin/products/${slug}`)).text();
    expect(page).toContain(`action="/admin/products/${slug}/options"`);
    expect(page).toContain(`aria-label="${skus[0]}: option 1"`);

    const res = await b.post(`/admin/products/${slug}/options`, {
      "axes.0.name": "Colour",
      "axes.0.values": "Red, Blue",
      "axes.1.name": "",
      "axes.1.values": "",
      "axes.2.name": "Size",
      "axes.2.values": " S ,M,,L",
      "axes.variants.0.0": "Red",
      "axes.variants.0.2": "M",
      "axes.variants.1.0": "Blue",
      "axes.variants.1.2": "M",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("notice=");
    const product = await productOf(slug);
    expect(product.options).toEqual([
      { name: "Colour", values: ["Red", "Blue"] },
      { name: "Size", values: ["S", "M", "L"] },
    ]);
    expect(product.variants.map((v) => v.options)).toEqual([
      { Colour: "Red", Size: "M" },
      { Colour: "Blue", Size: "M" },
    ]);
    // The form shows them again, in their order (the empty row was no option).
    const again = await (await b.get(`/admin/products/${slug}`)).text();
    expect(again).toContain('name="axes.0.name" type="text" value="Colour"');
    expect(again).toContain('name="axes.1.name" type="text" value="Size"');
    expect(again).toContain('value="S, M, L"');
  });

  it("refuses a combination two variants share, on its field, and writes nothing", async () => {
    const b = await ownerBrowser();
    const { slug } = await twoVariants();
    const res = await b.post(`/admin/products/${slug}/options`, {
      "axes.1.name": "Size",
      "axes.1.values": "S, M",
      "axes.variants.0.1": "S",
      "axes.variants.1.1": "S",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(
      /id="f-axes-variants-1-1"[^>]*aria-invalid="true"[\s\S]*Another variant has these options/,
    );
    // What was typed is shown again.
    expect(html).toContain('value="S, M"');
    const product = await productOf(slug);
    expect(product.options).toEqual([]);
    expect(product.variants.every((v) => Object.keys(v.options).length === 0)).toBe(true);

    const missing = await b.post(`/admin/products/${slug}/options`, {
      "axes.0.name": "Size",
      "axes.0.values": "S, M",
      "axes.variants.0.0": "S",
      "axes.variants.1.0": "XL",
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Choose one of S, M.");
  });

  it("adds a variant of a combination not made yet, with its stock, and refuses one made", async () => {
    const b = await ownerBrowser();
    const { slug } = await twoVariants();
    await b.post(`/admin/products/${slug}/options`, {
      "axes.0.name": "Size",
      "axes.0.values": "S, M, L",
      "axes.variants.0.0": "S",
      "axes.variants.1.0": "M",
    });
    const page = await (await b.get(`/admin/products/${slug}`)).text();
    expect(page).toMatch(/<select id="f-new-options-0" name="new.options.0">/);

    const sku = `${slug}-L`.toUpperCase();
    const taken = await b.post(`/admin/products/${slug}/variants`, {
      "new.sku": sku,
      "new.title": "Large",
      "new.price": "19.00",
      "new.stock": "4",
      "new.options.0": "M",
    });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toMatch(
      /id="f-new-options-0"[^>]*aria-invalid="true"[\s\S]*Another variant has these options/,
    );
    const unchosen = await b.post(`/admin/products/${slug}/variants`, {
      "new.sku": sku,
      "new.title": "Large",
      "new.price": "nineteen",
      "new.stock": "4",
      "new.options.0": "",
    });
    expect(unchosen.status).toBe(400);
    const refused = await unchosen.text();
    expect(refused).toMatch(/id="f-new-price"[^>]*aria-invalid="true"/);
    expect(refused).toMatch(/id="f-new-options-0"[^>]*aria-invalid="true"/);
    expect(refused).toContain('value="nineteen"');

    const added = await b.post(`/admin/products/${slug}/variants`, {
      "new.sku": sku,
      "new.title": "Large",
      "new.price": "19.00",
      "new.stock": "4",
      "new.options.0": "L",
    });
    expect(added.status).toBe(303);
    const product = await productOf(slug);
    expect(product.variants.find((v) => v.sku === sku)).toMatchObject({
      options: { Size: "L" },
      price: { amount: 1900 },
    });
    expect(await stockOf(sku)).toMatchObject({ onHand: 4 });
  });

  it("removes a variant once confirmed, and never the last one", async () => {
    const b = await ownerBrowser();
    const { slug, skus } = await twoVariants();
    const [first = "", second = ""] = skus;
    const unconfirmed = await b.post(`/admin/products/${slug}/variants/remove`, {
      "remove.sku": second,
    });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm.");
    expect((await productOf(slug)).variants).toHaveLength(2);

    const removed = await b.post(`/admin/products/${slug}/variants/remove`, {
      "remove.sku": second,
      confirm: "yes",
    });
    expect(removed.status).toBe(303);
    expect((await productOf(slug)).variants.map((v) => v.sku)).toEqual([first]);
    const last = await b.post(`/admin/products/${slug}/variants/remove`, {
      "remove.sku": first,
      confirm: "yes",
    });
    expect(last.status).toBe(409);
    expect(await last.text()).toContain("archive the product");
    expect((await productOf(slug)).variants).toHaveLength(1);
  });
});
