import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/sha256-hex";
import {
  ADMIN_TOKEN,
  adminCall,
  call,
  createProduct,
  guest,
  ORIGIN,
  type ProductBody,
  problemOf,
} from "./helpers";
import { CONTENT_TYPES, type ImageFixture, imageBytes, paddedPng } from "./image-fixtures";

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const imagePath = (slug: string) => `/api/v1/admin/products/${slug}/image`;

/** PUTs raw bytes, as a client uploading a file does (helpers' `call` sends JSON or text). */
function upload(slug: string, body: BodyInit, contentType?: string, token = ADMIN_TOKEN) {
  const headers = new Headers(contentType ? { "content-type": contentType } : {});
  if (token) headers.set("authorization", `Bearer ${token}`);
  return exports.default.fetch(
    new Request(`${ORIGIN}${imagePath(slug)}`, { method: "PUT", headers, body }),
  );
}

async function productOf(slug: string): Promise<ProductBody> {
  return (await (await call("GET", `/api/v1/products/${slug}`)).json()) as ProductBody;
}

describe("uploading a product's picture", () => {
  it.each(["png", "jpg", "webp"] as ImageFixture[])(
    "stores a %s in R2 under its content hash and makes it the product's image",
    async (kind) => {
      const { product } = await createProduct();
      const bytes = imageBytes(kind);
      const hash = await sha256Hex(bytes);

      const res = await upload(product.slug, bytes, CONTENT_TYPES[kind]);
      expect(res.status).toBe(200);
      const changed = (await res.json()) as ProductBody;
      expect(changed.imageUrl).toBe(`/images/${hash}.${kind}`);

      const stored = await env.IMAGES.get(`products/${hash}.${kind}`);
      expect(stored?.httpMetadata?.contentType).toBe(CONTENT_TYPES[kind]);
      expect(new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(bytes);
      // The next catalog read shows it, in the product and in the list.
      expect((await productOf(product.slug)).imageUrl).toBe(changed.imageUrl);
      const list = (await (
        await call("GET", `/api/v1/products?category=${product.category}&limit=100`)
      ).json()) as { items: ProductBody[] };
      expect(list.items.find((p) => p.slug === product.slug)?.imageUrl).toBe(changed.imageUrl);
    },
  );

  it("serves the picture with its type, a year-long immutable cache, its etag and 304", async () => {
    const { product } = await createProduct();
    const bytes = imageBytes("webp");
    const { imageUrl } = (await (await upload(product.slug, bytes, "image/webp")).json()) as {
      imageUrl: string;
    };
    const res = await call("GET", imageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const stored = await env.IMAGES.head(`products/${imageUrl.slice("/images/".length)}`);
    const etag = res.headers.get("etag");
    expect(etag).toBe(stored?.httpEtag);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);

    const again = await call("GET", imageUrl, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    const changed = await call("GET", imageUrl, { headers: { "if-none-match": '"other"' } });
    expect(changed.status).toBe(200);
    await changed.body?.cancel();
  });

  it("keeps one copy of the same bytes, whatever they are labelled as", async () => {
    const [a, b] = await Promise.all([createProduct(), createProduct()]);
    const bytes = imageBytes("png");
    const first = (await (await upload(a.product.slug, bytes, "image/png")).json()) as ProductBody;
    const second = (await (
      await upload(b.product.slug, bytes, "application/octet-stream")
    ).json()) as ProductBody;
    expect(second.imageUrl).toBe(first.imageUrl);
  });

  it("answers 404 problems for names that are no stored picture", async () => {
    const hash = "0".repeat(64);
    for (const path of [`/images/${hash}.png`, `/images/${hash}.gif`, "/images/x.png"]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
      expect((await problemOf(res)).code).toBe("not_found");
    }
  });
});

describe("the placeholder of a product without a picture", () => {
  it("shows the product's initials on a soft background, not its slug", async () => {
    const res = await call("GET", "/images/products/merino-wool-crew-sweater.svg");
    expect(res.status).toBe(200);
    const svg = await res.text();
    expect([...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(["MW"]);
    expect(svg).toMatch(/<rect [^>]*fill="hsl\(\d+ 45% 95%\)"/);
  });
});

describe("refusing a picture", () => {
  it("reads the type from the bytes: another format or a mislabelled file is 415 unsupported_image_type", async () => {
    const { product } = await createProduct();
    const bodies: [string, Uint8Array | string][] = [
      ["image/png", "<svg xmlns='http://www.w3.org/2000/svg'/>"],
      ["image/jpeg", new TextEncoder().encode("GIF89a\u0001\u0000")],
      ["image/webp", imageBytes("png").slice(1)],
      ["application/octet-stream", "%PDF-1.7"],
      ["image/png", ""],
    ];
    for (const [type, body] of bodies) {
      const res = await upload(product.slug, body, type);
      expect(res.status, `${type} ${String(body).slice(0, 10)}`).toBe(415);
      expect((await problemOf(res)).code).toBe("unsupported_image_type");
    }
    expect((await productOf(product.slug)).imageUrl).toBe(product.imageUrl);
  });

  it("refuses a body labelled as something other than an image with 415 unsupported_media_type", async () => {
    const { product } = await createProduct();
    for (const type of ["application/json", "text/plain", "multipart/form-data; boundary=x"]) {
      const res = await upload(product.slug, imageBytes("png"), type);
      expect(res.status, type).toBe(415);
      expect((await problemOf(res)).code).toBe("unsupported_media_type");
    }
    const unlabelled = await upload(product.slug, new Blob([imageBytes("png")]).stream());
    expect(unlabelled.status).toBe(415);
  });

  it("takes up to 5 MiB, and answers 413 payload_too_large beyond, streamed or not", async () => {
    const { product } = await createProduct();
    const exact = paddedPng(MAX_IMAGE_BYTES);
    expect((await upload(product.slug, exact, "image/png")).status).toBe(200);

    const over = paddedPng(MAX_IMAGE_BYTES + 1);
    const res = await upload(product.slug, over, "image/png");
    expect(res.status).toBe(413);
    expect((await problemOf(res)).code).toBe("payload_too_large");
    // Without a content-length the limit counts the bytes as they come.
    const streamed = await upload(product.slug, new Blob([over]).stream(), "image/png");
    expect(streamed.status).toBe(413);
    expect((await problemOf(streamed)).code).toBe("payload_too_large");
    // Every other route keeps its 64 KiB.
    const big = await adminCall("PATCH", `/api/v1/admin/products/${product.slug}`, {
      description: "x".repeat(70 * 1024),
    });
    expect(big.status).toBe(413);
  });

  it("answers 404 for an unknown, archived or impossible slug", async () => {
    const { product } = await createProduct();
    expect((await adminCall("DELETE", `/api/v1/admin/products/${product.slug}`)).status).toBe(204);
    for (const slug of [
      "no-such-product",
      product.slug,
      "UPPER",
      encodeURIComponent("中".repeat(90)),
    ]) {
      const res = await upload(slug, imageBytes("jpg"), "image/jpeg");
      expect(res.status, slug).toBe(404);
      expect((await problemOf(res)).code).toBe("not_found");
    }
  });

  it("needs the admin token: 401 without or with a wrong one, 403 for a shopper's", async () => {
    const { product } = await createProduct();
    for (const token of ["", "wrong-token"]) {
      const res = await upload(product.slug, imageBytes("png"), "image/png", token);
      expect(res.status).toBe(401);
      expect((await problemOf(res)).code).toBe("unauthorized");
    }
    const shopper = await guest();
    const res = await upload(product.slug, imageBytes("png"), "image/png", shopper.token);
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe("forbidden");
    expect((await productOf(product.slug)).imageUrl).toBe(product.imageUrl);
  });
});
