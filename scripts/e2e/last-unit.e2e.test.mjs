import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setOnHand, stockOf } from "./api.mjs";
import { launchBrowser, newShopper } from "./browser.mjs";
import { checkPage, openPage } from "./page-check.mjs";
import { addToCart, CARDS, fillCheckout, placeOrder } from "./shop.mjs";

const SLUG = "lambswool-beanie";
const VARIANT = "Mustard";
const SKU = "APP-004-MUSTARD";

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("two shoppers and the last unit", () => {
  it("sells it to the first to pay and tells the second it sold out", async () => {
    await setOnHand(SKU, 1);
    const first = await openPage(await newShopper(browser));
    const second = await openPage(await newShopper(browser));
    // A cart does not reserve stock, so both may add the one unit.
    await addToCart(first, SLUG, VARIANT);
    await addToCart(second, SLUG, VARIANT);

    await second.goto("/checkout");
    await fillCheckout(second, CARDS.visa);
    await first.goto("/checkout");
    await fillCheckout(first, CARDS.visa);
    await placeOrder(first);
    await first.waitForURL(/\/orders\/ord_/);

    await placeOrder(second);
    await second
      .getByRole("alert")
      .getByText(/some items just sold out: .*\(Mustard\): only 0 available/)
      .waitFor();
    expect(new URL(second.url()).pathname).toBe("/checkout");
    await checkPage(second, "checkout-sold-out");
    expect(await stockOf(SKU)).toMatchObject({ onHand: 0, reserved: 0 });

    await second.goto(`/products/${SLUG}`);
    await second.getByRole("radio", { name: /^Mustard: .*Out of stock/ }).waitFor();
    expect(await second.getByRole("radio", { name: /^Mustard:/ }).isDisabled()).toBe(true);
  });
});
