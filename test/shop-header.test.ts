import { describe, expect, it } from "vitest";
import { ASSET_URLS } from "../workers/web/asset-manifest";
import { checkoutForm, stockedSku } from "./checkout-helpers";
import { browser, call, register } from "./helpers";
import { ownerBrowser, staffMember } from "./staff-helpers";

/** The number beside the header's cart link, or null when it shows none. */
function headerCount(html: string): string | null {
  const link = /<a href="\/cart" class="cart-link">(.*?)<\/a>/s.exec(html)?.[1];
  if (link === undefined) throw new Error("no cart link in the header");
  return /<span class="cart-count">(\d+)/.exec(link)?.[1] ?? null;
}

describe("the header's cart count", () => {
  it("shows how many items the cart holds on every page, kept in step by the cart's pages", async () => {
    const b = browser();
    const [a, z] = await Promise.all([stockedSku(10, 1000), stockedSku(10, 1000)]);
    expect(headerCount(await (await b.get("/")).text())).toBeNull();

    await b.post("/cart/items", { sku: a.sku, quantity: "2", returnTo: `/products/${a.slug}` });
    const cart = await (await b.get("/cart")).text();
    expect(headerCount(cart)).toBe("2");
    expect(cart).toMatch(/class="cart-count">2<span class="skip"> items<\/span>/);
    await b.post("/cart/items", { sku: z.sku, quantity: "1" });
    await b.get("/cart");
    for (const path of ["/", `/products/${a.slug}`, "/login", "/checkout"]) {
      expect(headerCount(await (await b.get(path)).text()), path).toBe("3");
    }

    await b.post(`/cart/items/${encodeURIComponent(a.sku)}/remove`, {});
    expect(headerCount(await (await b.get("/cart")).text())).toBe("1");
    expect(headerCount(await (await b.get("/")).text())).toBe("1");

    const form = await (await b.get("/checkout")).text();
    const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(form)?.[1] ?? "";
    const paid = await b.post("/checkout", {
      ...checkoutForm,
      "payment.token": "tok_visa",
      idempotencyKey,
    });
    expect(paid.status).toBe(303);
    const order = await (await b.get(paid.headers.get("location") ?? "")).text();
    expect(headerCount(order)).toBeNull();
  });

  it("is cleared on logout, and never shown without a session", async () => {
    const b = browser();
    const item = await stockedSku(5);
    await b.post("/cart/items", { sku: item.sku, quantity: "4" });
    await b.get("/cart");
    const count = [...b.jar.keys()].find((name) => name.includes("cart_count"));
    expect(count).toBe("__Host-cart_count");
    expect((await b.post("/logout", {})).status).toBe(303);
    expect(b.jar.has("__Host-cart_count")).toBe(false);
    // A count cookie without a session (say, the session expired first) shows nothing.
    const stray = await call("GET", "/", { headers: { cookie: "__Host-cart_count=7" } });
    expect(headerCount(await stray.text())).toBeNull();
  });
});

describe("a page that is not there", () => {
  it("keeps a signed-in shopper's header: their account and their cart's count", async () => {
    const { email, password } = await register();
    const b = browser();
    expect((await b.post("/login", { email, password })).status).toBe(303);
    const item = await stockedSku(5);
    await b.post("/cart/items", { sku: item.sku, quantity: "2" });
    await b.get("/cart");
    for (const path of ["/no-such-page", "/products/no-such-product", "/orders/ord_nope"]) {
      const res = await b.get(path);
      const html = await res.text();
      expect(res.status, path).toBe(404);
      expect(html, path).toContain("Page not found");
      expect(html, path).toContain("Log out");
      expect(html, path).not.toContain('href="/login"');
      expect(headerCount(html), path).toBe("2");
    }
    const signedOut = await (await call("GET", "/no-such-page")).text();
    expect(signedOut).toContain('href="/login"');
    expect(headerCount(signedOut)).toBeNull();
  });

  it("is the back office's own for its staff, with the nav of their role", async () => {
    const owner = await ownerBrowser();
    const res = await owner.get("/admin/no-such-page");
    const html = await res.text();
    expect(res.status).toBe(404);
    expect(html).toContain('aria-label="Back office"');
    expect(html).toContain('href="/admin/staff"');
    expect(html).not.toContain('href="/cart"');

    const support = await staffMember("support");
    const theirs = await (await support.b.get("/admin/orders/ord_nope")).text();
    expect(theirs).toContain("Page not found");
    expect(theirs).toContain('href="/admin/orders"');
    expect(theirs).not.toContain('href="/admin/staff"');
  });
});

describe("the favicon", () => {
  it("is linked from every page, and /favicon.ico leads to it", async () => {
    const res = await call("GET", "/favicon.ico");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(ASSET_URLS.faviconSvg);
  });
});
