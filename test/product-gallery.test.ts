import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/sha256-hex";
import { ADMIN_TOKEN, adminCall, call, createProduct, ORIGIN, type ProductBody } from "./helpers";
import { imageBytes, pngOfSize } from "./image-fixtures";

const gallery = (slug: string) => `/api/v1/admin/products/${slug}/images`;

/** Sends a picture's bytes to `path` (POST adds to the gallery, PUT …/image replaces the main one). */
function send(method: string, path: string, bytes: Uint8Array<ArrayBuffer>) {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "image/png" },
      body: bytes,
    }),
  );
}

const productOf = async (slug: string) =>
  (await (await call("GET", `/api/v1/products/${slug}`)).json()) as ProductBody;

/** A product with two variants, A and B. */
async function twoVariants() {
  const { input } = await createProduct();
  const a = input.variants[0]?.sku ?? "";
  const b = `${a}-B`;
  await adminCall("POST", `/api/v1/admin/products/${input.slug}/variants`, {
    sku: b,
    title: "B",
    price: { amount: 1500, currency: "USD" },
  });
  return { slug: input.slug, a, b };
}

describe("a product's gallery", () => {
  it("keeps pictures in order with their size and alt text, each variant's own first", async () => {
    const { slug, a, b } = await twoVariants();
    const wide = await pngOfSize(640, 480);
    const first = await send(
      "POST",
      `${gallery(slug)}?alt=${encodeURIComponent("The front")}`,
      wide,
    );
    expect(first.status).toBe(201);
    const front = (await first.json()) as { id: number; url: string };
    expect(front).toMatchObject({ alt: "The front", width: 640, height: 480, skus: [] });
    const tall = await pngOfSize(300, 500);
    const ofB = (await (await send("POST", `${gallery(slug)}?skus=${b}`, tall)).json()) as {
      id: number;
      alt: string;
    };
    const product = await productOf(slug);
    // No alt given: the product's title.
    expect(ofB.alt).toBe(product.title);
    expect(product.images.map((i) => [i.id, i.width, i.height, i.skus])).toEqual([
      [front.id, 640, 480, []],
      [ofB.id, 300, 500, [b]],
    ]);
    expect(product.imageUrl).toBe(front.url);
    const byVariant = Object.fromEntries(
      product.variants.map((v) => [v.sku, v.images.map((i) => i.id)]),
    );
    expect(byVariant).toEqual({ [a]: [front.id], [b]: [ofB.id, front.id] });
  });

  it("refuses a picture that is not whole, and stores nothing", async () => {
    const { slug } = await twoVariants();
    const png = imageBytes("png");
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const forged = new Uint8Array(8 + html.length);
    forged.set(png.subarray(0, 8));
    forged.set(html, 8);
    for (const bytes of [forged, png.slice(0, png.length - 1)]) {
      const res = await send("POST", gallery(slug), bytes);
      expect(res.status).toBe(415);
      expect(((await res.json()) as { code: string }).code).toBe("unsupported_image_type");
    }
    expect((await productOf(slug)).images).toEqual([]);
    for (const bytes of [forged, png.slice(0, png.length - 1)]) {
      expect(await env.IMAGES.head(`products/${await sha256Hex(bytes)}.png`)).toBeNull();
    }
  });

  it("reorders, relabels and removes pictures; the first is always the product's imageUrl", async () => {
    const { slug, a } = await twoVariants();
    const ids: number[] = [];
    for (const side of [100, 200, 300]) {
      const res = await send("POST", gallery(slug), await pngOfSize(side, side));
      ids.push(((await res.json()) as { id: number }).id);
    }
    const [one, two, three] = ids as [number, number, number];
    const moved = await adminCall("PATCH", `${gallery(slug)}/${three}`, {
      position: 0,
      alt: "Close up",
      skus: [a],
    });
    expect(moved.status).toBe(200);
    let product = await productOf(slug);
    expect(product.images.map((i) => i.id)).toEqual([three, one, two]);
    expect(product.images[0]).toMatchObject({ alt: "Close up", skus: [a], width: 300 });
    expect(product.imageUrl).toBe(product.images[0]?.url);

    const unknown = await adminCall("PATCH", `${gallery(slug)}/${one}`, { skus: ["NOT-OURS"] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("skus");

    expect((await adminCall("DELETE", `${gallery(slug)}/${three}`)).status).toBe(204);
    product = await productOf(slug);
    expect(product.images.map((i) => i.id)).toEqual([one, two]);
    expect(product.imageUrl).toBe(product.images[0]?.url);
    expect((await adminCall("DELETE", `${gallery(slug)}/${three}`)).status).toBe(404);
    await adminCall("DELETE", `${gallery(slug)}/${one}`);
    await adminCall("DELETE", `${gallery(slug)}/${two}`);
    expect((await productOf(slug)).imageUrl).toBe(`/images/products/${slug}.svg`);
  });

  it("replaces the main picture on PUT …/image, keeping the others", async () => {
    const { slug } = await twoVariants();
    await send("PUT", `/api/v1/admin/products/${slug}/image`, await pngOfSize(10, 10));
    await send("POST", gallery(slug), await pngOfSize(20, 20));
    await send("PUT", `/api/v1/admin/products/${slug}/image`, await pngOfSize(30, 30));
    expect((await productOf(slug)).images.map((i) => i.width)).toEqual([30, 20]);
  });

  it("keeps both of two pictures added at once, and no more than 20", async () => {
    const { slug } = await twoVariants();
    const [x, y] = await Promise.all([
      send("POST", gallery(slug), await pngOfSize(11, 11)),
      send("POST", gallery(slug), await pngOfSize(12, 12)),
    ]);
    expect([x?.status, y?.status]).toEqual([201, 201]);
    expect((await productOf(slug)).images.map((i) => i.width).sort()).toEqual([11, 12]);
    for (let side = 13; side < 31; side++) {
      expect((await send("POST", gallery(slug), await pngOfSize(side, side))).status).toBe(201);
    }
    const over = await send("POST", gallery(slug), await pngOfSize(40, 40));
    expect(over.status).toBe(409);
    expect((await productOf(slug)).images).toHaveLength(20);
  });
});
