import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { pictureSources } from "../workers/web/product-gallery";
import { ADMIN_TOKEN, call, createProduct, guest, ORIGIN } from "./helpers";
import { pngOfSize } from "./image-fixtures";

async function addPicture(slug: string, width: number, height: number, query = "") {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}/api/v1/admin/products/${slug}/images${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "image/png" },
      body: await pngOfSize(width, height),
    }),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { url: string };
}

/** The `<img …>` tags of a page, each as its attributes. */
const images = (html: string) =>
  [...html.matchAll(/<img ([^>]*)>/g)].map((m) =>
    Object.fromEntries([...(m[1] ?? "").matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
  );

describe("a product page's pictures", () => {
  it("shows the chosen variant's first picture large, at once and with its size, then the rest", async () => {
    const colours = [{ name: "Colour", values: ["Red", "Blue"] }];
    const { input } = await createProduct({
      options: colours,
      variants: [
        {
          sku: `${Date.now()}-RED`,
          title: "Red",
          price: { amount: 900, currency: "USD" },
          stock: 3,
          options: { Colour: "Red" },
        },
        {
          sku: `${Date.now()}-BLUE`,
          title: "Blue",
          price: { amount: 900, currency: "USD" },
          stock: 3,
          options: { Colour: "Blue" },
        },
      ],
    });
    const [red, blue] = input.variants.map((v) => v.sku) as [string, string];
    const general = await addPicture(input.slug, 800, 600, "?alt=Both%20colours");
    const ofBlue = await addPicture(input.slug, 500, 700, `?skus=${blue}&alt=In%20blue`);

    const page = await (await call("GET", `/products/${input.slug}?variant=${red}`)).text();
    const [main] = images(page).filter((i) => "data-main-picture" in i);
    expect(main).toMatchObject({
      src: general.url,
      width: "800",
      height: "600",
      alt: "Both colours",
      fetchpriority: "high",
    });
    expect(main?.loading).toBeUndefined();

    const bluePage = await (await call("GET", `/products/${input.slug}?variant=${blue}`)).text();
    const shown = images(bluePage);
    expect(shown.find((i) => "data-main-picture" in i)).toMatchObject({
      src: ofBlue.url,
      width: "500",
      height: "700",
    });
    expect(shown.find((i) => i.src === general.url)).toMatchObject({
      loading: "lazy",
      width: "800",
    });
    // The page's script gets each variant's first picture to show when it is chosen.
    const data = /data-variants="([^"]*)"/.exec(bluePage)?.[1]?.replaceAll("&quot;", '"') ?? "[]";
    const pictures = Object.fromEntries(
      (JSON.parse(data) as { sku: string; picture: { src: string } }[]).map((v) => [
        v.sku,
        v.picture.src,
      ]),
    );
    expect(pictures).toEqual({ [red]: general.url, [blue]: ofBlue.url });

    // The cart and the checkout show each line's own picture.
    const { token } = await guest();
    await call("POST", "/api/v1/cart/items", { token, body: { sku: blue, quantity: 1 } });
    await call("POST", "/api/v1/cart/items", { token, body: { sku: red, quantity: 1 } });
    const cart = (await (await call("GET", "/api/v1/cart", { token })).json()) as {
      items: { sku: string; imageUrl: string }[];
    };
    expect(Object.fromEntries(cart.items.map((i) => [i.sku, i.imageUrl]))).toEqual({
      [blue]: ofBlue.url,
      [red]: general.url,
    });
  });

  it("loads the first row of a grid at once and the rest lazily", async () => {
    for (let i = 0; i < 6; i++) await createProduct();
    const home = await (await call("GET", "/")).text();
    const cards = images(home).filter((i) => i.width === "400");
    expect(cards.length).toBeGreaterThan(4);
    expect(cards.slice(0, 4).map((i) => i.loading)).toEqual(["eager", "eager", "eager", "eager"]);
    expect(cards.slice(4).every((i) => i.loading === "lazy")).toBe(true);
  });

  it("asks Cloudflare for the widths a slot needs where it resizes, and for the file elsewhere", () => {
    const picture = { id: 1, url: "/images/abc.png", alt: "", width: 700, height: 500 };
    expect(pictureSources(env, picture, "50vw")).toEqual({ src: "/images/abc.png" });
    const resized = pictureSources(
      { ...env, IMAGE_RESIZING: "cloudflare" } as unknown as Env,
      picture,
      "50vw",
    );
    expect(resized.src).toBe("/cdn-cgi/image/width=640,format=auto,fit=scale-down/images/abc.png");
    expect(resized.sizes).toBe("50vw");
    expect(resized.srcset?.split(", ").map((s) => s.split(" ")[1])).toEqual([
      "160w",
      "320w",
      "480w",
      "640w",
      "700w",
    ]);
  });
});
