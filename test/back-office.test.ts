import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { markFulfillmentFailed } from "../src/fulfillment/fulfill";
import { insertOrderStatements } from "../src/orders/repo";
import { testPaymentLedger } from "../src/payments/test-provider";
import { stockOf } from "./checkout-helpers";
import { emailOf, paidOrder, shipOrder } from "./email-helpers";
import { ADMIN_TOKEN, adminCall, browser, createProduct, unique } from "./helpers";

const EVIL = "https://evil.example";

async function admin() {
  const b = browser();
  expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
  return b;
}

interface AdminOrder {
  status: string;
  events: { type: string; paymentId?: string; refundId?: string }[];
}
const adminOrder = async (id: string) =>
  (await (await adminCall("GET", `/api/v1/admin/orders/${id}`)).json()) as AdminOrder;

/** `count` products whose titles share one new word, created at once. */
async function manyProducts(count: number) {
  const word = unique("word").replace(/-/g, "");
  const products = Array.from({ length: count }, (_, i) => ({
    slug: `${word}-${i}`,
    title: `${word} thing ${i}`,
    description: "",
    category: "things",
    variants: [
      { sku: `${word}-${i}`.toUpperCase(), title: "One", price: { amount: 100, currency: "USD" } },
    ],
  }));
  const res = await adminCall("POST", "/api/v1/admin/products/bulk", { products });
  expect(res.status).toBe(201);
  return word;
}

const rows = (html: string) => (html.match(/<tr>/g) ?? []).length - 1;

describe("back office pages", () => {
  it("render in the admin layout for an admin, privately, and send anyone else to sign in", async () => {
    const b = await admin();
    const { order } = await paidOrder();
    const { input } = await createProduct();
    const pages = [
      "/admin",
      "/admin/orders",
      `/admin/orders/${order.id}`,
      "/admin/products",
      "/admin/products/new",
      `/admin/products/${input.slug}`,
      "/admin/stock",
      "/admin/sales",
      "/admin/emails",
    ];
    const anonymous = browser();
    for (const path of pages) {
      const res = await b.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("private, no-store");
      const html = await res.text();
      expect(html, path).toContain('<nav aria-label="Back office">');
      expect(html, path).not.toContain('id="site-search"');
      expect(html, path).not.toContain('href="/cart"');
      if (path === "/admin") continue;
      const away = await anonymous.get(path);
      expect(away.status, path).toBe(303);
      expect(away.headers.get("location"), path).toBe("/admin");
    }
    expect(await (await anonymous.get("/admin")).text()).toContain("Admin token");
  });
});

describe("back office orders", () => {
  it("lists by status and pages through every order", async () => {
    const b = await admin();
    for (let i = 0; i < 27; i++) {
      await env.DB.batch(
        insertOrderStatements(env.DB, {
          id: `ord_page${unique("p").replace(/-/g, "")}`,
          shopperId: "gst_pager",
          email: "pager@example.com",
          shippingAddress: {
            name: "A",
            line1: "1 St",
            city: "C",
            postalCode: "1",
            country: "US",
          },
          currency: "USD",
          subtotal: 100,
          shipping: 0,
          total: 100,
          lines: [],
          createdAt: `2024-01-05T00:00:${String(i).padStart(2, "0")}.000Z`,
        }),
      );
    }
    const first = await (await b.get("/admin/orders?status=pending_payment")).text();
    expect(rows(first)).toBe(25);
    expect(first).toContain('<option value="pending_payment" selected="">');
    const next = /href="(\/admin\/orders\?status=pending_payment&amp;cursor=[^"]+)"/.exec(
      first,
    )?.[1];
    expect(next).toBeDefined();
    const second = await (await b.get((next ?? "").replaceAll("&amp;", "&"))).text();
    expect(rows(second)).toBeGreaterThanOrEqual(2);
    expect(second).not.toContain(/<a href="\/admin\/orders\/(ord_[a-z0-9]+)"/.exec(first)?.[1]);

    const bad = await b.get("/admin/orders?status=lost");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="order-status-error" class="error">[^<]+</);
  });

  it("shows an order with its lines, address and every event's payment and refund ids", async () => {
    const b = await admin();
    const { order } = await paidOrder();
    const html = await (await b.get(`/admin/orders/${order.id}`)).text();
    const paymentId = (await adminOrder(order.id)).events.find((e) => e.type === "paid")?.paymentId;
    expect(paymentId).toBeTruthy();
    expect(html).toContain(`paymentId: ${paymentId}`);
    expect(html).toContain("12 St James&#39;s Square");
    expect(html).toContain("$25.00");
    expect((await b.get("/admin/orders/ord_nope")).status).toBe(404);
  });

  it("cancels and refunds a paid order through the shopper's cancel process, after confirmation", async () => {
    const b = await admin();
    const { order, product } = await paidOrder({ quantity: 3 });
    const sku = product.variants[0]?.sku ?? "";
    expect(await stockOf(sku)).toMatchObject({ onHand: 7 });
    const action = `/admin/orders/${order.id}/cancel`;

    const unconfirmed = await b.post(action, {});
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toMatch(/id="cancel-error" class="error">Tick the box/);
    expect((await b.post(action, { confirm: "yes" }, EVIL)).status).toBe(403);
    const anonymous = await browser().post(action, { confirm: "yes" });
    expect(anonymous.headers.get("location")).toBe("/admin");
    expect((await adminOrder(order.id)).status).toBe("paid");

    const done = await b.post(action, { confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(
      new RegExp(`^/admin/orders/${order.id}\\?notice=`),
    );
    const cancelled = await adminOrder(order.id);
    expect(cancelled.status).toBe("cancelled");
    const refundId = cancelled.events.find((e) => e.type === "refunded")?.refundId;
    expect(refundId).toBeTruthy();
    expect(cancelled.events.map((e) => e.type)).toContain("restocked");
    expect(await stockOf(sku)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await (await b.get(`/admin/orders/${order.id}`)).text()).toContain(
      `refundId: ${refundId}`,
    );

    const again = await b.post(action, { confirm: "yes" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Only a paid order can be cancelled");
  });

  it("cancels from the admin API too, answering the admin's view", async () => {
    const { order } = await paidOrder();
    const res = await adminCall("POST", `/api/v1/admin/orders/${order.id}/cancel`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "cancelled" });
    expect((await adminCall("POST", `/api/v1/admin/orders/${order.id}/cancel`)).status).toBe(409);
    expect((await adminCall("POST", "/api/v1/admin/orders/ord_nope/cancel")).status).toBe(404);
  });

  it("refunds a shipped order once, after confirmation, without restocking, and emails the shopper", async () => {
    const b = await admin();
    const { order, product } = await paidOrder({ quantity: 2 });
    const sku = product.variants[0]?.sku ?? "";
    const action = `/admin/orders/${order.id}/refund`;
    const notShipped = await b.post(action, { confirm: "yes" });
    expect(notShipped.status).toBe(409);
    expect(await notShipped.text()).toContain("cancel it instead");

    await shipOrder(order.id);
    expect(await (await b.get(`/admin/orders/${order.id}`)).text()).toContain(">Refund in full<");
    const unconfirmed = await b.post(action, {});
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toMatch(/id="refund-error" class="error">Tick the box/);
    expect((await b.post(action, { confirm: "yes" }, EVIL)).status).toBe(403);
    expect((await browser().post(action, { confirm: "yes" })).headers.get("location")).toBe(
      "/admin",
    );
    const done = await b.post(action, { confirm: "yes" });
    expect(done.status).toBe(303);
    const refunded = await adminOrder(order.id);
    expect(refunded.status).toBe("fulfilled");
    expect(refunded.events.filter((e) => e.type === "refunded")).toHaveLength(1);
    expect(await stockOf(sku)).toMatchObject({ onHand: 8, reserved: 0 });
    // The page answers before the email goes (it is sent just after, in the background).
    await expect
      .poll(async () => (await emailOf(order.id, "order_refunded")).subject)
      .toBe(`Order #${order.number} refunded`);
    const payment = [...testPaymentLedger.values()].find((p) => p.key === `${order.id}:authorize`);
    expect(payment?.state).toBe("refunded");

    // Again, from the page or the API: refunded once, and the page offers no second refund.
    expect(await (await b.get(`/admin/orders/${order.id}`)).text()).toContain(
      "No action for a refunded fulfilled order.",
    );
    const api = await adminCall("POST", `/api/v1/admin/orders/${order.id}/refund`);
    expect(api.status).toBe(200);
    expect(
      ((await api.json()) as AdminOrder).events.filter((e) => e.type === "refunded"),
    ).toHaveLength(1);
    expect((await adminCall("POST", "/api/v1/admin/orders/ord_nope/refund")).status).toBe(404);
  });

  it("retries a failed fulfillment from the page and the API, and only a failed one", async () => {
    const b = await admin();
    const { order } = await paidOrder();
    const action = `/admin/orders/${order.id}/fulfillment-retry`;
    const notFailed = await b.post(action, {});
    expect(notFailed.status).toBe(409);
    expect(await notFailed.text()).toContain("Only an order whose fulfillment failed");

    expect(await markFulfillmentFailed(env.DB, order.id)).toBe(true);
    expect(await (await b.get(`/admin/orders/${order.id}`)).text()).toContain("Retry fulfillment");
    expect((await b.post(action, {}, EVIL)).status).toBe(403);
    expect((await browser().post(action, {})).headers.get("location")).toBe("/admin");
    expect((await adminOrder(order.id)).status).toBe("fulfillment_failed");
    const retried = await b.post(action, {});
    expect(retried.status).toBe(303);
    const after = await adminOrder(order.id);
    expect(["paid", "fulfilled"]).toContain(after.status);
    expect(after.events.map((e) => e.type)).toContain("fulfillment_retried");

    const other = await paidOrder();
    await markFulfillmentFailed(env.DB, other.order.id);
    const api = await adminCall("POST", `/api/v1/admin/orders/${other.order.id}/fulfillment-retry`);
    expect(api.status).toBe(202);
    const again = await adminCall("POST", `/api/v1/admin/orders/${order.id}/fulfillment-retry`);
    expect(again.status).toBe(409);
  });

  it("resends an order's email from its page and comes back to it", async () => {
    const b = await admin();
    const { order } = await paidOrder();
    const res = await b.post(`/admin/orders/${order.id}/emails/order_confirmed/resend`, {
      returnTo: `/admin/orders/${order.id}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(new RegExp(`^/admin/orders/${order.id}\\?notice=`));
    const elsewhere = await b.post(`/admin/orders/${order.id}/emails/order_confirmed/resend`, {
      returnTo: "https://evil.example/",
    });
    expect(elsewhere.headers.get("location")).toMatch(/^\/admin\/emails\?notice=/);
  });
});

describe("back office products", () => {
  it("searches and pages over every product", async () => {
    const b = await admin();
    const word = await manyProducts(35);
    const first = await (await b.get(`/admin/products?q=${word}`)).text();
    expect(rows(first)).toBe(30);
    expect(first).toContain(`href="/admin/products?q=${word}&amp;page=2"`);
    const second = await (await b.get(`/admin/products?q=${word}&page=2`)).text();
    expect(rows(second)).toBe(5);
    expect((await b.get("/admin/products?page=zero")).status).toBe(400);
  });

  it("creates a product, with errors beside the fields and the values kept", async () => {
    const b = await admin();
    const slug = unique("made");
    const form = {
      slug,
      title: "Made here",
      description: "By hand.",
      category: "things",
      "variants.0.sku": slug.toUpperCase(),
      "variants.0.title": "Only",
      "variants.0.price": "12.5",
      "variants.0.stock": "4",
    };
    const bad = await b.post("/admin/products/new", {
      ...form,
      slug: "Not A Slug",
      "variants.0.price": "twelve",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="f-slug-error" class="error">[^<]+</);
    expect(html).toMatch(/id="f-variants-0-price-error" class="error">[^<]+</);
    expect(html).toContain('value="Made here"');
    expect((await b.post("/admin/products/new", form, EVIL)).status).toBe(403);

    const made = await b.post("/admin/products/new", form);
    expect(made.status).toBe(303);
    const product = (await (await adminCall("GET", `/api/v1/products/${slug}`)).json()) as {
      variants: { price: { amount: number } }[];
    };
    expect(product.variants[0]?.price.amount).toBe(1250);
    expect(await stockOf(slug.toUpperCase())).toMatchObject({ onHand: 4 });

    const taken = await b.post("/admin/products/new", form);
    expect(taken.status).toBe(409);
  });

  it("edits a product's text and its variants' titles and prices, then archives it after confirmation", async () => {
    const b = await admin();
    const { input } = await createProduct();
    const path = `/admin/products/${input.slug}`;
    const sku = input.variants[0]?.sku ?? "";
    const edit = {
      title: "Renamed",
      description: "New words.",
      category: "other-things",
      "variants.0.sku": sku,
      "variants.0.title": "Big",
      "variants.0.price": "19.99",
    };
    const bad = await b.post(path, { ...edit, title: "", "variants.0.price": "-1" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/id="f-title-error" class="error">/);
    expect(badHtml).toMatch(/id="f-variants-0-price-error" class="error">/);
    expect((await b.post(path, edit, EVIL)).status).toBe(403);
    expect((await b.post(path, edit)).status).toBe(303);
    const product = (await (await adminCall("GET", `/api/v1/products/${input.slug}`)).json()) as {
      title: string;
      category: string;
      variants: { title: string; price: { amount: number } }[];
    };
    expect(product).toMatchObject({ title: "Renamed", category: "other-things" });
    expect(product.variants[0]).toMatchObject({ title: "Big", price: { amount: 1999 } });

    const archive = `${path}/archive`;
    expect((await b.post(archive, {})).status).toBe(400);
    expect((await b.post(archive, { confirm: "yes" }, EVIL)).status).toBe(403);
    expect((await b.post(archive, { confirm: "yes" })).status).toBe(303);
    expect((await adminCall("GET", `/api/v1/products/${input.slug}`)).status).toBe(404);
    expect((await b.get(path)).status).toBe(404);
  });
});

describe("back office stock", () => {
  it("searches every sku by sku or title, and pages", async () => {
    const b = await admin();
    const word = await manyProducts(55);
    const first = await (await b.get(`/admin/stock?q=${word}`)).text();
    expect(rows(first)).toBe(50);
    const second = await (await b.get(`/admin/stock?q=${word}&page=2`)).text();
    expect(rows(second)).toBe(5);
    const bySku = await (await b.get(`/admin/stock?q=${word.toUpperCase()}-54`)).text();
    expect(rows(bySku)).toBe(1);
  });

  it("searches for long text and a sku of 64 characters, and lands on it after setting its stock", async () => {
    const b = await admin();
    for (const q of ["a".repeat(49), "é".repeat(30), "x".repeat(200)]) {
      for (const page of ["/admin/products", "/admin/stock"]) {
        const res = await b.get(`${page}?q=${encodeURIComponent(q)}`);
        expect(res.status).toBe(200);
      }
    }
    const sku = `${unique("LONG").toUpperCase()}-`.padEnd(64, "Z");
    await createProduct({
      variants: [{ sku, title: "Long", price: { amount: 100, currency: "USD" }, stock: 1 }],
    });
    const set = await b.post(`/admin/stock/${sku}`, { onHand: "4" });
    expect(set.status).toBe(303);
    const landing = await b.get(set.headers.get("location") ?? "");
    expect(landing.status).toBe(200);
    expect(rows(await landing.text())).toBe(1);
    const products = await (await b.get(`/admin/products?q=${sku.toLowerCase()}`)).text();
    expect(rows(products)).toBe(1);
  });

  it("sets and adjusts on hand through the inventory objects, refusing bad numbers beside the field", async () => {
    const b = await admin();
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku ?? "";
    expect((await b.post(`/admin/stock/${sku}`, { onHand: "9" })).status).toBe(303);
    expect(await stockOf(sku)).toMatchObject({ onHand: 9 });
    const bad = await b.post(`/admin/stock/${sku}`, { onHand: "-2" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(new RegExp(`id="onHand-${sku}-error" class="error">`));

    const adjust = `/admin/stock/${sku}/adjustments`;
    const key = crypto.randomUUID();
    expect((await b.post(adjust, { delta: "3", key })).status).toBe(303);
    expect((await b.post(adjust, { delta: "3", key })).status).toBe(303);
    expect(await stockOf(sku)).toMatchObject({ onHand: 12 });
    expect((await b.post(adjust, { delta: "-5", key: crypto.randomUUID() })).status).toBe(303);
    expect(await stockOf(sku)).toMatchObject({ onHand: 7 });
    const zero = await b.post(adjust, { delta: "0", key: crypto.randomUUID() });
    expect(zero.status).toBe(400);
    expect(await zero.text()).toMatch(new RegExp(`id="delta-${sku}-error" class="error">`));

    expect((await b.post(adjust, { delta: "1" }, EVIL)).status).toBe(403);
    expect((await browser().post(adjust, { delta: "1" })).headers.get("location")).toBe("/admin");
    expect(await stockOf(sku)).toMatchObject({ onHand: 7 });
    expect((await b.post("/admin/stock/NO-SUCH-SKU", { onHand: "1" })).status).toBe(404);
  });

  it("refuses a stock form sent again with another number, changing nothing", async () => {
    const b = await admin();
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku ?? "";
    expect((await b.post(`/admin/stock/${sku}`, { onHand: "10" })).status).toBe(303);
    const adjust = `/admin/stock/${sku}/adjustments`;
    const key = crypto.randomUUID();
    expect((await b.post(adjust, { delta: "5", key })).status).toBe(303);
    const again = await b.post(adjust, { delta: "-8", key });
    expect(again.status).toBe(422);
    const html = await again.text();
    expect(html).toMatch(new RegExp(`id="delta-${sku}-error" class="error">[^<]*already sent`));
    // The page offers a fresh form: its key is not the one refused.
    expect(html).not.toContain(key);
    expect(await stockOf(sku)).toMatchObject({ onHand: 15 });
  });
});

describe("back office sales", () => {
  it("draws the asked days with axis values and day tooltips, and names the top skus' products", async () => {
    const b = await admin();
    const { product } = await paidOrder({ title: "Tooltip Teapot" });
    const today = new Date().toISOString().slice(0, 10);
    const html = await (await b.get(`/admin/sales?from=${today}&to=${today}`)).text();
    expect(html).toContain(`<title>${today}: $`);
    expect(html).toMatch(/<text[^>]*text-anchor="end">\$0\.00<\/text>/);
    expect(html).toContain(product.variants[0]?.sku);
    expect(html).toContain("Tooltip Teapot");

    const march = await (await b.get("/admin/sales?from=2024-03-01&to=2024-03-31")).text();
    expect((march.match(/class="bar-rect"/g) ?? []).length).toBe(31);

    const bad = await b.get("/admin/sales?from=2024-02-30&to=2024-03-01");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="f-from-error" class="error">[^<]+</);
    const backwards = await b.get("/admin/sales?from=2024-03-02&to=2024-03-01");
    expect(backwards.status).toBe(400);
    const ancient = await b.get("/admin/sales?to=0000-01-01");
    expect(ancient.status).toBe(400);
    expect(await ancient.text()).toMatch(/id="f-to-error" class="error">[^<]+</);
  });
});
