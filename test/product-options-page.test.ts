import { describe, expect, it } from "vitest";
import { adminCall, browser, call, newProduct } from "./helpers";

/** Size S, M, L × Colour Black, Sand: S/Sand is not made, M/Black is sold out. */
async function jacket() {
  const base = newProduct();
  const sku = (size: string, colour: string) => `${base.slug}-${size}-${colour}`.toUpperCase();
  const variant = (size: string, colour: string, stock: number, amount = 2400) => ({
    sku: sku(size, colour),
    title: `${size} / ${colour}`,
    price: { amount, currency: "USD" },
    stock,
    options: { Size: size, Colour: colour },
  });
  const res = await adminCall("POST", "/api/v1/admin/products", {
    ...base,
    options: [
      { name: "Size", values: ["S", "M", "L"] },
      { name: "Colour", values: ["Black", "Sand"] },
    ],
    variants: [
      variant("S", "Black", 3),
      variant("M", "Black", 0),
      variant("M", "Sand", 2),
      variant("L", "Black", 1, 2650),
      variant("L", "Sand", 5, 2650),
    ],
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return { slug: base.slug, sku };
}

/** Each option value's state on the page: "Size=M" → "" | "sold-out" | "missing", and checked. */
function values(html: string) {
  return [
    ...html.matchAll(
      /<span class="option-value ?([a-z-]*)" data-value-of="([^"]+)"><input type="radio" name="[^"]+" id="[^"]+" value="([^"]+)"( checked="")?/g,
    ),
  ].map(
    ([, state, axis, value, checked]) =>
      `${axis}=${value}${checked ? "*" : ""}${state ? ` ${state}` : ""}`,
  );
}

const priceLine = (html: string) => /data-chosen-price[^>]*>([^<]*)</.exec(html)?.[1];
const stockLine = (html: string) =>
  /data-chosen-stock[^>]*><span class="[^"]+">([^<]*)</.exec(html)?.[1];

describe("a product page with options", () => {
  it("shows each option as buttons, the first variant in stock chosen, and greys what is not made or sold out beside it", async () => {
    const { slug, sku } = await jacket();
    const html = await (await call("GET", `/products/${slug}`)).text();
    // S / Black is chosen: M / Black is sold out, S / Sand is not made.
    expect(values(html)).toEqual([
      "Size=S*",
      "Size=M sold-out",
      "Size=L",
      "Colour=Black*",
      "Colour=Sand missing",
    ]);
    expect(html).toContain("(sold out)</span>");
    expect(html).toContain("(not made)</span>");
    expect(priceLine(html)).toBe("$24.00");
    expect(stockLine(html)).toBe("3 available");
    expect(html).toContain(`name="sku" value="${sku("S", "Black")}"`);
    expect(html).toContain("Show this choice");
  });

  it("shows the options asked in the address: their price and stock, or that the combination is not made", async () => {
    const { slug } = await jacket();
    const large = await (await call("GET", `/products/${slug}?opt.Size=L&opt.Colour=Sand`)).text();
    expect(priceLine(large)).toBe("$26.50");
    expect(stockLine(large)).toBe("5 available");
    expect(values(large)).toContain("Size=L*");

    const soldOut = await (
      await call("GET", `/products/${slug}?opt.Size=M&opt.Colour=Black`)
    ).text();
    expect(stockLine(soldOut)).toBe("Out of stock");
    expect(soldOut).toMatch(/<button type="submit" disabled="">Unavailable<\/button>/);

    const missing = await (
      await call("GET", `/products/${slug}?opt.Size=S&opt.Colour=Sand`)
    ).text();
    expect(stockLine(missing)).toBe("Not made in this combination");
    expect(missing).toContain('name="sku" value=""');
    // S and Sand are each greyed: together they are not made.
    expect(values(missing)).toEqual([
      "Size=S* missing",
      "Size=M",
      "Size=L",
      "Colour=Black",
      "Colour=Sand* missing",
    ]);
  });

  it("adds the variant of the options picked, whatever the form's sku says, and refuses a combination not made", async () => {
    const { slug, sku } = await jacket();
    const b = browser();
    const form = (size: string, colour: string) => ({
      sku: sku("S", "Black"),
      "opt.Size": size,
      "opt.Colour": colour,
      quantity: "2",
      returnTo: `/products/${slug}`,
    });
    const added = await b.post("/cart/items", form("L", "Sand"));
    expect(added.headers.get("location")).toBe("/cart");
    const cart = await (await b.get("/cart")).text();
    expect(cart).toContain("L / Sand");
    expect(cart).not.toContain("S / Black");

    const refused = await b.post("/cart/items", form("S", "Sand"));
    expect(refused.status).toBe(303);
    // Back to the page with the combination asked, and why.
    expect(refused.headers.get("location")).toBe(`/products/${slug}?opt.Size=S&opt.Colour=Sand`);
    const again = await (await b.get(refused.headers.get("location") ?? "")).text();
    expect(again).toContain("That combination is not made: choose another.");
    expect(values(again)).toContain("Colour=Sand* missing");

    // A form that names only some of the options (say, a page from before an axis was renamed)
    // adds nothing, not some other variant.
    const { "opt.Colour": _colour, ...partial } = form("L", "Sand");
    const half = await b.post("/cart/items", partial);
    expect(half.headers.get("location")).toBe(`/products/${slug}?opt.Size=L`);
    expect(await (await b.get(`/products/${slug}`)).text()).toContain(
      "Choose a value of each option.",
    );
    expect(await (await b.get("/cart")).text()).not.toContain("S / Black");
  });
});
