import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addToCart, checkoutBody, type OrderBody } from "./checkout-helpers";
import { callAndWait, emailOf } from "./email-helpers";
import { ADMIN_TOKEN, adminCall, createProduct, guest, ORIGIN } from "./helpers";
import { pngOfSize } from "./image-fixtures";
import { ownerBrowser } from "./staff-helpers";

/** Uploads a picture to a product's gallery; answers its URL. */
async function picture(slug: string, side: number) {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}/api/v1/admin/products/${slug}/images`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "image/png" },
      body: await pngOfSize(side, side),
    }),
  );
  return ((await res.json()) as { url: string }).url;
}

describe("an order email", () => {
  it("is a responsive, table-laid email in the store's theme, each line with its picture", async () => {
    const { input } = await createProduct({ title: "Field <Notebook>" });
    const sku = input.variants[0]?.sku ?? "";
    const url = await picture(input.slug, 120);
    const logoUrl = await picture(input.slug, 80);
    const theme = { storeName: "Harbour Goods", announcement: "", accentColor: "#7a2e2e", logoUrl };
    expect((await adminCall("PUT", "/api/v1/admin/theme", theme)).status).toBe(200);

    const shopper = await guest();
    await addToCart(shopper.token, sku, 2);
    const res = await callAndWait("POST", "/api/v1/checkout", {
      token: shopper.token,
      body: checkoutBody(),
      headers: { "idempotency-key": crypto.randomUUID() },
    });
    const order = (await res.json()) as OrderBody;
    const email = await emailOf(order.id, "order_confirmed");
    const html = email.html ?? "";
    expect(html).toContain('style="max-width:600px;');
    expect(html).toContain('role="presentation"');
    expect(html).toContain(`<img src="${ORIGIN}${logoUrl}" alt="Harbour Goods" height="40"`);
    expect(html).toContain(`<img src="${ORIGIN}${url}" alt="" width="56" height="56"`);
    expect(html).toContain("border-bottom:4px solid #7a2e2e");
    expect(html).toMatch(
      /<td style="background:#7a2e2e;border-radius:6px"><a href="https:\/\/shop\.test\/orders\//,
    );
    // A title is text, never markup; no script, no stylesheet.
    expect(html).toContain("Field &lt;Notebook&gt;");
    expect(html).not.toMatch(/<script|<link|<style/);
    expect(email.body).toContain("— Harbour Goods");

    // The back office's preview lets the email's inline styles apply, and still runs no script.
    const owner = await ownerBrowser();
    const preview = await owner.get(`/admin/orders/${order.id}/emails/order_confirmed/html`);
    expect(await preview.text()).toBe(html);
    const csp = preview.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toContain("script-src");
  });
});
