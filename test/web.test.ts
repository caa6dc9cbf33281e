import { describe, expect, it } from "vitest";
import { ASSET_URLS } from "../workers/web/asset-manifest";
import { checkoutForm, stockedSku, stockOf } from "./checkout-helpers";
import { ADMIN_TOKEN, adminCall, browser, call, createProduct, unique } from "./helpers";
import { inject } from "./process-harness";

describe("shop pages", () => {
  it("renders the home page with products, escaping catalog text, under a strict CSP", async () => {
    const category = unique("web");
    await createProduct({
      category,
      title: "<script>alert(1)</script> Mug",
      description: "<b>bold</b>",
    });
    const res = await call("GET", `/?category=${category}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Mug");
    expect(html).not.toContain("<script>alert(1)");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("links the static assets by their hashed names (Static Assets serve them: see the e2e test)", async () => {
    const html = await (await call("GET", "/")).text();
    expect(html).toContain(`<link rel="stylesheet" href="${ASSET_URLS.stylesCss}"/>`);
    expect(html).toContain(`<link rel="icon" href="${ASSET_URLS.faviconSvg}"`);
    expect(ASSET_URLS.stylesCss).toMatch(/^\/assets\/styles\.[0-9a-f]{8}\.css$/);
    // The Worker itself has no asset route any more.
    expect((await call("GET", ASSET_URLS.stylesCss)).status).toBe(404);
  });

  it("adds to the cart without JavaScript: a guest session cookie, then redirect to the cart", async () => {
    const b = browser();
    const item = await stockedSku(5, 1999);
    const product = await b.get(`/products/${item.slug}`);
    expect(await product.text()).toContain("5 available");
    const res = await b.post("/cart/items", {
      sku: item.sku,
      quantity: "2",
      returnTo: `/products/${item.slug}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/cart");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const cart = await (await b.get("/cart")).text();
    expect(cart).toContain("$39.98");
  });

  it("shows the chosen variant's price beside the title, not the lowest", async () => {
    const { input } = await createProduct({
      variants: [
        { sku: unique("SKU"), title: "Small", price: { amount: 2400, currency: "USD" }, stock: 0 },
        { sku: unique("SKU"), title: "Large", price: { amount: 2650, currency: "USD" }, stock: 3 },
        { sku: unique("SKU"), title: "Huge", price: { amount: 2900, currency: "USD" }, stock: 3 },
      ],
    });
    const [, large, huge] = input.variants;
    const priceLine = (html: string) =>
      /<p class="price-line"><span class="price" data-chosen-price[^>]*>([^<]*)</.exec(html)?.[1];
    // The first variant in stock is chosen, and its price shown.
    const page = await (await call("GET", `/products/${input.slug}`)).text();
    expect(priceLine(page)).toBe("$26.50");
    expect(page).not.toContain("From ");
    expect(page).toMatch(new RegExp(`value="${large?.sku}" data-price="\\$26.50" checked`));
    // Another one by the address (how the page's script keeps it, and a link can choose it).
    const chosen = await (await call("GET", `/products/${input.slug}?variant=${huge?.sku}`)).text();
    expect(priceLine(chosen)).toBe("$29.00");
    expect(chosen).toMatch(new RegExp(`value="${huge?.sku}" data-price="\\$29.00" checked`));
  });

  it("refuses a form posted from another site", async () => {
    const b = browser();
    const item = await stockedSku(5);
    const res = await b.post(
      "/cart/items",
      { sku: item.sku, quantity: "1" },
      "https://evil.example",
    );
    expect(res.status).toBe(403);
  });

  it("shows an out-of-stock message on the product page, keeping the entered quantity, once (post/redirect/get)", async () => {
    const b = browser();
    const item = await stockedSku(2);
    const res = await b.post("/cart/items", {
      sku: item.sku,
      quantity: "3",
      returnTo: `/products/${item.slug}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/products/${item.slug}`);
    // Another page viewed in between neither shows it nor uses it up.
    expect(await (await b.get("/")).text()).not.toContain("not enough in stock");
    const html = await (await b.get(`/products/${item.slug}`)).text();
    expect(html).toContain("not enough in stock");
    expect(html).toContain('value="3"');
    const again = await (await b.get(`/products/${item.slug}`)).text();
    expect(again).not.toContain("not enough in stock");
    expect(again).toContain('value="1"');
  });

  it("tells a shopper whose checkout was undone to order again, and one whose checkout goes on to press again with the same request", async () => {
    const b = browser();
    const item = await stockedSku(5, 1000);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const session = b.jar.get("__Host-session") ?? "";
    const claims = JSON.parse(
      atob((session.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/")),
    );
    const shopperId = String(claims.sub);
    const keyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const order = (idempotencyKey: string) =>
      b.post("/checkout", { ...checkoutForm, "payment.token": "tok_visa", idempotencyKey });

    await inject(shopperId, { step: "checkout:holding", at: "before", kind: "error" });
    const firstKey = keyOf(await (await b.get("/checkout")).text());
    const undone = await order(firstKey);
    expect(undone.status).toBe(409);
    const undoneHtml = await undone.text();
    expect(undoneHtml).toContain("nothing was charged");
    expect(keyOf(undoneHtml)).not.toBe(firstKey);

    await inject(shopperId, { step: "checkout:capturing", at: "before", kind: "error" });
    const goesOn = await order(keyOf(undoneHtml));
    expect(goesOn.status).toBe(503);
    const goesOnHtml = await goesOn.text();
    expect(goesOnHtml).toContain("you will not be charged twice");
    // The form sends the same request again: the checkout it left goes on and is paid once.
    expect(keyOf(goesOnHtml)).toBe(keyOf(undoneHtml));
    const paid = await order(keyOf(goesOnHtml));
    expect(paid.status).toBe(303);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it("checks out: field errors beside the fields with values kept, a declined card keeps the cart, then a paid order", async () => {
    const b = browser();
    const item = await stockedSku(5, 1000);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const form = await (await b.get("/checkout")).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form)?.[1] ?? "";
    const address = {
      "shippingAddress.name": "Ada Lovelace",
      "shippingAddress.line1": "1 Main St",
      "shippingAddress.city": "Springfield",
      "shippingAddress.postalCode": "12345",
      "shippingAddress.country": "us",
    };

    const invalid = await b.post("/checkout", {
      ...address,
      email: "not-an-email",
      "payment.token": "tok_visa",
      idempotencyKey: key,
    });
    expect(invalid.status).toBe(400);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toMatch(/id="f-email-error" class="error">[^<]+</);
    expect(invalidHtml).toContain('value="not-an-email"');
    expect(invalidHtml).toContain('value="Ada Lovelace"');

    const declined = await b.post("/checkout", {
      ...address,
      email: "ada@example.com",
      "payment.token": "tok_decline",
      idempotencyKey: `${key}-1`,
    });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined");
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 5, reserved: 0 });

    const paid = await b.post("/checkout", {
      ...address,
      email: "ada@example.com",
      "payment.token": "tok_visa",
      idempotencyKey: `${key}-2`,
    });
    expect(paid.status).toBe(303);
    const location = paid.headers.get("location") ?? "";
    expect(location).toMatch(/^\/orders\/ord_/);
    const order = await (await b.get(location)).text();
    expect(order).toContain("data-order-status");
    expect(order).toMatch(/<script src="\/assets\/order-status\.[0-9a-f]{8}\.js"/);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 4 });
    expect((await b.get(location.replace("ord_", "ord_x"))).status).toBe(404);
  });

  it("charges nothing when a price changed after the checkout page showed its total", async () => {
    const b = browser();
    const item = await stockedSku(5, 1000);
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const form = await (await b.get("/checkout")).text();
    const field = (name: string) =>
      new RegExp(`name="${name}" value="([^"]+)"`).exec(form)?.[1] ?? "";
    expect(field("expectedTotal")).toBe("1500");
    await adminCall("PATCH", `/api/v1/admin/products/${item.slug}`, {
      variants: [{ sku: item.sku, price: { amount: 1200, currency: "USD" } }],
    });
    const order = {
      ...checkoutForm,
      "payment.token": "tok_visa",
      idempotencyKey: field("idempotencyKey"),
      expectedTotal: field("expectedTotal"),
    };
    const changed = await b.post("/checkout", order);
    expect(changed.status).toBe(409);
    const html = await changed.text();
    expect(html).toContain("Prices changed while you were shopping");
    expect(html).toContain('name="expectedTotal" value="1700"');
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("pays once when two tabs place the same cart's order at once", async () => {
    const b = browser();
    const item = await stockedSku(5, 1000);
    await b.post("/cart/items", { sku: item.sku, quantity: "2" });
    const tab = async () => {
      const form = await (await b.get("/checkout")).text();
      return /name="idempotencyKey" value="([^"]+)"/.exec(form)?.[1] ?? "";
    };
    const keys = [await tab(), await tab()];
    const placed = await Promise.all(
      keys.map((idempotencyKey) =>
        b.post("/checkout", { ...checkoutForm, "payment.token": "tok_visa", idempotencyKey }),
      ),
    );
    expect(placed.filter((r) => r.headers.get("location")?.startsWith("/orders/"))).toHaveLength(1);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it("registers, logs out, and logs in again merging the guest cart", async () => {
    const b = browser();
    const email = `${unique("web")}@example.com`;
    const item = await stockedSku(5);
    const bad = await b.post("/register", { email, password: "short" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(`value="${email}"`);
    expect((await b.post("/register", { email, password: "a long password" })).status).toBe(303);
    expect((await b.post("/logout", {})).status).toBe(303);
    expect(b.jar.has("session")).toBe(false);
    await b.post("/cart/items", { sku: item.sku, quantity: "2" });
    const wrong = await b.post("/login", { email, password: "wrong password" });
    expect(wrong.status).toBe(401);
    expect((await b.post("/login", { email, password: "a long password" })).status).toBe(303);
    const cart = await (await b.get("/cart")).text();
    expect(cart).toContain(`value="2"`);
    expect(cart).toContain("Log out");
  });
});

describe("ops dashboard", () => {
  it("needs the admin token, then shows orders, the sales chart and top skus; stock has its form", async () => {
    const b = browser();
    const login = await (await b.get("/admin")).text();
    expect(login).toContain("Admin token");
    expect((await b.post("/admin/login", { token: "wrong" })).status).toBe(401);
    const ok = await b.post("/admin/login", { token: ADMIN_TOKEN });
    expect(ok.status).toBe(303);
    expect(ok.headers.getSetCookie().join()).toMatch(/admin_session=.*HttpOnly/);
    const item = await stockedSku(3);
    const dashboard = await (await b.get("/admin")).text();
    expect(dashboard).toContain('<svg class="chart"');
    expect(dashboard).toContain("Top skus");
    expect(await (await b.get(`/admin/stock?q=${item.sku}`)).text()).toContain(item.sku);
    const set = await b.post(`/admin/stock/${item.sku}`, { onHand: "11" });
    expect(set.status).toBe(303);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 11 });
    const anonymous = browser();
    await anonymous.post(`/admin/stock/${item.sku}`, { onHand: "0" });
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 11 });
    expect((await adminCall("GET", `/api/v1/admin/inventory/${item.sku}`)).status).toBe(200);
  });
});
