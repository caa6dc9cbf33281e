import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS_SCREENSHOTS_DIR } from "./artifacts.mjs";
import { signInAsOwner } from "./back-office.mjs";
import { launchBrowser, newPhoneShopper, newShopper } from "./browser.mjs";
import { look, openPage } from "./page-check.mjs";
import { CARDS, fillCheckout, pickOption, placeOrder } from "./shop.mjs";

/** The order the desktop shopper places: the merchant's test shows its email. */
let placed;

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SCREENS = [
  { name: "desktop", open: newShopper, docs: true },
  { name: "phone", open: newPhoneShopper, docs: false },
];

const amount = (text) => Number(text.replace(/[^0-9.]/g, ""));

describe("a shop that looks and sells like a real one", () => {
  for (const screen of SCREENS) {
    it(`on a ${screen.name}: a shopper sorts a collection, picks Colour and Size, sees the price and picture follow, and sees the line's picture in the cart and at checkout`, async () => {
      const page = await openPage(await screen.open(browser));
      await page.goto("/");
      // The demo's first featured collection is the home page's hero.
      await page.getByRole("heading", { level: 1, name: "Gifts under $50" }).waitFor();
      await page.getByRole("link", { name: "Staff picks", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Staff picks" }).waitFor();

      await page.getByLabel("Sort by").selectOption("price_asc");
      await page.getByRole("button", { name: "Sort", exact: true }).click();
      await page.waitForURL(/sort=price_asc/);
      const prices = (await page.locator(".card .price").allTextContents()).map(amount);
      expect(prices.length).toBeGreaterThan(2);
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
      await look(page, `collection-${screen.name}`, screen.docs && "collection.png");

      await page.getByRole("link", { name: /Organic Cotton Tee/ }).click();
      await page.getByRole("heading", { level: 1, name: "Organic Cotton Tee" }).waitFor();
      const picture = page.locator("[data-main-picture]");
      expect(await picture.getAttribute("alt")).toBe("Organic Cotton Tee in White");
      const white = await picture.getAttribute("src");
      // Black / M: the options test counts the stock of the other combinations it picks.
      await pickOption(page, "Black");
      await pickOption(page, "M");
      expect(await page.locator("[data-chosen-price]").textContent()).toBe("$28.00");
      expect(await picture.getAttribute("alt")).toBe("Organic Cotton Tee in Black");
      expect(await picture.getAttribute("src")).not.toBe(white);
      await expect
        .poll(() => picture.evaluate((img) => img.complete && img.naturalWidth))
        .toBe(480);
      await look(page, `product-${screen.name}`, screen.docs && "product.png");

      await page.getByRole("button", { name: "Add to cart" }).click();
      await page.waitForURL("**/cart");
      const thumb = page.locator("main tbody img.line-thumb").first();
      expect(await thumb.getAttribute("src")).toMatch(/^\/images\/[0-9a-f]{64}\.png$/);
      await expect.poll(() => thumb.evaluate((img) => img.complete && img.naturalWidth)).toBe(480);
      await look(page, `cart-${screen.name}`, screen.docs && "cart.png");

      await page.getByRole("link", { name: "Check out" }).click();
      await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
      expect(await page.locator("main img.line-thumb").count()).toBe(1);
      await look(page, `checkout-${screen.name}`, screen.docs && "checkout.png");
      await fillCheckout(page, CARDS.visa);
      await placeOrder(page);
      await page.waitForURL(/\/orders\/ord_/);
      placed ??= /\/orders\/(ord_[\w]+)/.exec(page.url())?.[1];
    });
  }

  it("a merchant downloads today's orders as CSV from the back office", async () => {
    const page = await openPage(await newShopper(browser));
    await signInAsOwner(page);
    await page.goto("/admin/orders");
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel("Orders from").fill(today);
    await page.getByLabel("to", { exact: true }).fill(today);
    await look(page, "back-office-orders-export");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`orders-${today}-to-${today}.csv`);
    const text = await readFile(await download.path(), "utf8");
    expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
      "order_id,number,created_at,status,email,market,currency,items,subtotal,discount,shipping,tax,gift_card,total,refunded",
    );
    expect(text).toContain(placed);

    // The order's confirmation as the shopper's email client shows it (once it is rendered).
    const email = `/admin/orders/${placed}/emails/order_confirmed/html`;
    await expect.poll(async () => (await page.goto(email)).status(), { timeout: 15_000 }).toBe(200);
    await expect(page.locator("img[alt='']").first().getAttribute("src")).resolves.toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/images\/[0-9a-f]{64}\.png$/,
    );
    await page.screenshot({ path: resolve(DOCS_SCREENSHOTS_DIR, "email.png") });
  });
});
