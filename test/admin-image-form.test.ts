import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/sha256-hex";
import { ADMIN_TOKEN, browser, call, createProduct, ORIGIN, type ProductBody } from "./helpers";
import { imageBytes } from "./image-fixtures";

/** A signed-in dashboard: the browser helper's cookies, for posting multipart forms by hand. */
async function dashboardSession() {
  const b = browser();
  expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
  return [...b.jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** Posts the dashboard's picture form as a browser does: multipart, with its page's Origin. */
function postImageForm(cookie: string, slug: string, file: File | null, origin = ORIGIN) {
  const form = new FormData();
  form.set("slug", slug);
  if (file) form.set("image", file);
  return exports.default.fetch(
    new Request(`${ORIGIN}/admin/product-image`, {
      method: "POST",
      headers: { cookie, origin },
      body: form,
      redirect: "manual",
    }),
  );
}

const imageUrlOf = async (slug: string) =>
  ((await (await call("GET", `/api/v1/products/${slug}`)).json()) as ProductBody).imageUrl;

describe("the dashboard's picture form", () => {
  it("is on the products page, multipart, and uploads through the same code as the API", async () => {
    const cookie = await dashboardSession();
    const page = await (
      await exports.default.fetch(new Request(`${ORIGIN}/admin/products`, { headers: { cookie } }))
    ).text();
    expect(page).toContain('action="/admin/product-image" enctype="multipart/form-data"');

    const { product } = await createProduct();
    const bytes = imageBytes("jpg");
    const res = await postImageForm(cookie, product.slug, new File([bytes], "photo.jpg"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/admin\/products\?notice=/);
    const hash = await sha256Hex(bytes);
    expect(await imageUrlOf(product.slug)).toBe(`/images/${hash}.jpg`);
    expect(await env.IMAGES.head(`products/${hash}.jpg`)).not.toBeNull();
  });

  it("shows why a picture was refused, and changes nothing", async () => {
    const cookie = await dashboardSession();
    const { product } = await createProduct();
    const cases: [string, File | null, number, string][] = [
      [product.slug, new File(["GIF89a"], "a.gif"), 415, "PNG, JPEG or WebP"],
      ["no-such-product", new File([imageBytes("png")], "a.png"), 404, "not found"],
      [product.slug, null, 400, "choose a picture"],
      [product.slug, new File([new Uint8Array(5 * 1024 * 1024 + 1)], "big.png"), 413, "5 MiB"],
    ];
    for (const [slug, file, status, message] of cases) {
      const res = await postImageForm(cookie, slug, file);
      expect(res.status, message).toBe(status);
      expect(await res.text()).toContain(message);
    }
    expect(await imageUrlOf(product.slug)).toBe(product.imageUrl);
  });

  it("is refused from another site, or without a dashboard session", async () => {
    const cookie = await dashboardSession();
    const { product } = await createProduct();
    const file = new File([imageBytes("png")], "a.png");
    const forged = await postImageForm(cookie, product.slug, file, "https://evil.example");
    expect(forged.status).toBe(403);
    const anonymous = await postImageForm("", product.slug, file);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/admin");
    expect(await imageUrlOf(product.slug)).toBe(product.imageUrl);
  });

  it("answers a form whose multipart body is broken with 400, like any page's form", async () => {
    const cookie = await dashboardSession();
    for (const path of ["/admin/product-image", "/cart/items"]) {
      const res = await exports.default.fetch(
        new Request(`${ORIGIN}${path}`, {
          method: "POST",
          headers: { cookie, origin: ORIGIN, "content-type": "multipart/form-data; boundary=x" },
          body: "--x\r\nnot a part",
        }),
      );
      expect(res.status, path).toBe(400);
      expect(await res.text()).toContain("could not be read");
    }
  });
});
