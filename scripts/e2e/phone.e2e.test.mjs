import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhoneShopper } from "./browser.mjs";
import { checkPage, expectNoSidewaysScroll, openPage } from "./page-check.mjs";
import { addVariant, CARDS, fillCheckout, placeOrder } from "./shop.mjs";

// One of the demo products with the most variants: the longest way down to its button.
const SLUG = "waterproof-hiking-boot";
const VARIANT = "US 9";

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The element is on the first screen of the page as loaded, without scrolling. */
async function expectAboveTheFold(page, locator, name) {
  await locator.waitFor();
  const [box, view] = await Promise.all([
    locator.boundingBox(),
    page.evaluate(() => ({ scrollY: window.scrollY, innerHeight: window.innerHeight })),
  ]);
  expect(view.scrollY).toBe(0);
  expect(box, `${name} is not rendered`).not.toBeNull();
  expect(box.y, `${name} starts above the screen`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${name} is below the fold`).toBeLessThanOrEqual(view.innerHeight);
}

describe("a shopper on a phone, 390 px wide", () => {
  it("gets pages that fit the screen, two products a row, price and button first, the cart's count in the header", async () => {
    const page = await openPage(await newPhoneShopper(browser));
    const failed = [];
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });

    await page.goto("/");
    await page.getByRole("heading", { name: "All products" }).waitFor();
    await expectNoSidewaysScroll(page, "home");
    expect(
      failed,
      "nothing the first visit loads is missing (stylesheet, favicon, pictures)",
    ).toEqual([]);
    const [first, second] = await page
      .locator("ul.grid > li")
      .evaluateAll((cards) =>
        cards.slice(0, 2).map((card) => card.getBoundingClientRect().toJSON()),
      );
    expect(second.top, "two products a row").toBe(first.top);
    expect(second.left).toBeGreaterThan(first.right - 1);
    await checkPage(page, "phone-home");

    await page.goto(`/products/${SLUG}`);
    await expectAboveTheFold(page, page.locator(".price-line"), "the price");
    await expectAboveTheFold(
      page,
      page.getByRole("button", { name: "Add to cart" }),
      "Add to cart",
    );
    await expectNoSidewaysScroll(page, "product");
    await checkPage(page, "phone-product");

    await addVariant(page, VARIANT, 2);
    const count = page.getByRole("banner").locator(".cart-count");
    expect(await count.isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "Cart 2 items" }).count()).toBe(1);
    await expectNoSidewaysScroll(page, "cart");
    await checkPage(page, "phone-cart");

    await page.getByRole("link", { name: "Check out" }).click();
    await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
    await expectNoSidewaysScroll(page, "checkout");
    expect(await count.isVisible()).toBe(true);
    await checkPage(page, "phone-checkout");

    // The order, then the list of orders (its table becomes a card per order).
    await fillCheckout(page, CARDS.visa);
    await placeOrder(page);
    await page.getByRole("heading", { level: 1, name: "Thank you for your order" }).waitFor();
    await expectNoSidewaysScroll(page, "order");
    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Your orders" }).waitFor();
    await expectNoSidewaysScroll(page, "orders");
    await checkPage(page, "phone-orders");
    expect(failed).toEqual([]);
  });
});
