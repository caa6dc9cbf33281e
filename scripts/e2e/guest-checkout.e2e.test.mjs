import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stockOf } from "./api.mjs";
import { launchBrowser, newShopper } from "./browser.mjs";
import { checkPage, openPage } from "./page-check.mjs";
import {
  addToCart,
  addVariant,
  CARDS,
  cartLines,
  fillCheckout,
  placeOrder,
  waitForOrderStatus,
} from "./shop.mjs";

const HOME_PAGE_BUDGET_BYTES = 50 * 1024;

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a guest shopper", () => {
  it("browses, searches, buys two variants and watches the order get fulfilled", async () => {
    const context = await newShopper(browser);
    const page = await openPage(context);

    await page.goto("/");
    await page.getByRole("heading", { name: "All products" }).waitFor();
    const home = await checkPage(page, "home", { docsName: "home.png" });
    expect(home.html.wire + home.css.wire).toBeLessThan(HOME_PAGE_BUDGET_BYTES);
    // Compression depends on the server in front; the page keeps to the budget without it too.
    expect(home.html.decoded + home.css.decoded).toBeLessThan(HOME_PAGE_BUDGET_BYTES);

    await page.getByRole("searchbox", { name: "Search products" }).fill("wool");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("heading", { level: 1, name: "Results for “wool”" }).waitFor();
    await checkPage(page, "search-results");

    await page.getByRole("link", { name: /Merino Wool Crew Sweater/ }).click();
    await page.getByRole("heading", { level: 1, name: "Merino Wool Crew Sweater" }).waitFor();
    await checkPage(page, "product");
    await addVariant(page, "S");
    await page.getByRole("link", { name: "Merino Wool Crew Sweater" }).click();
    await addVariant(page, "M");
    expect(await cartLines(page)).toEqual([
      "Merino Wool Crew Sweater S × 1",
      "Merino Wool Crew Sweater M × 1",
    ]);

    // The cookie is Secure, yet kept over plain http: Chromium counts 127.0.0.1 as a secure context.
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "__Host-session")).toMatchObject({
      secure: true,
      httpOnly: true,
    });

    await page.getByLabel("Quantity of Merino Wool Crew Sweater M").fill("2");
    await page
      .getByRole("row", { name: /Merino Wool Crew Sweater M/ })
      .getByRole("button", { name: "Update" })
      .click();
    await page.locator(".totals").getByText("$267.00").first().waitFor();
    expect(await cartLines(page)).toContain("Merino Wool Crew Sweater M × 2");
    await checkPage(page, "cart");

    await page.getByRole("link", { name: "Check out" }).click();
    await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
    await checkPage(page, "checkout");

    await placeOrder(page);
    await page.getByRole("alert").getByText("Please correct the marked fields.").waitFor();
    await expectFieldError(page, "Email");
    await checkPage(page, "checkout-errors");

    await fillCheckout(page, CARDS.visa);
    await placeOrder(page);
    await page.waitForURL(/\/orders\/ord_/);
    const number = await page.locator("main strong").first().textContent();
    await waitForOrderStatus(page, "fulfilled");
    await page.getByText(/^Tracking number: \S+/).waitFor();
    await checkPage(page, "order-confirmation");
    expect(await stockOf("APP-001-M")).toMatchObject({ onHand: 20, reserved: 0 });

    await page.getByRole("link", { name: "All your orders" }).click();
    await page.getByRole("link", { name: number, exact: true }).waitFor();
    await checkPage(page, "orders");
    await context.close();
  });

  it("is told a declined card was declined and keeps the cart", async () => {
    const context = await newShopper(browser);
    const page = await openPage(context);
    // Other files buy this variant too, in whatever order vitest runs them: compare with before.
    const before = await stockOf("APP-003-BLACK-M");
    await addToCart(page, "organic-cotton-tee", "Black / M", 2);
    await page.goto("/checkout");
    await fillCheckout(page, CARDS.declined);
    await placeOrder(page);

    await page.getByRole("alert").getByText("Your card was declined").waitFor();
    expect(new URL(page.url()).pathname).toBe("/checkout");
    await checkPage(page, "checkout-declined");
    expect(await stockOf("APP-003-BLACK-M")).toMatchObject({ onHand: before.onHand, reserved: 0 });
    await page.getByRole("link", { name: "cart", exact: true }).click();
    expect(await cartLines(page)).toEqual(["Organic Cotton Tee Black / M × 2"]);
    await context.close();
  });
});

/** A failed field says so beside itself and is marked invalid for assistive technology. */
async function expectFieldError(page, label) {
  const input = page.getByLabel(label, { exact: true });
  expect(await input.getAttribute("aria-invalid")).toBe("true");
  const errorId = (await input.getAttribute("aria-describedby"))?.split(" ").pop();
  expect(await page.locator(`[id="${errorId}"]`).textContent()).not.toBe("");
}
