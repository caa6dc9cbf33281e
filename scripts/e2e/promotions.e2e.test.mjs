import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAsOwner } from "./back-office.mjs";
import { launchBrowser, newShopper } from "./browser.mjs";
import { checkPage, expectNoSidewaysScroll, openPage } from "./page-check.mjs";
import { addToCart, CARDS, fillCheckout, placeOrder } from "./shop.mjs";

const SLUG = "organic-cotton-tee";

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function look(page, name) {
  await expectNoSidewaysScroll(page, name);
  await checkPage(page, name);
}

const text = async (page) => (await page.locator("main").textContent()) ?? "";

/** Puts a code on the cart from the cart page's form. */
async function applyCode(page, code) {
  await page.getByLabel("Discount code").fill(code);
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByRole("heading", { level: 1, name: "Your cart" }).waitFor();
}

describe("a launch with a limited code and a gift card", () => {
  it("the merchant makes a one-use code and a gift card; a shopper pays with both; the next finds the code used up", async () => {
    const code = `LAUNCH${Date.now().toString(36).toUpperCase()}`;
    const admin = await openPage(await newShopper(browser));
    await signInAsOwner(admin);

    // The merchant: a 25 % code with one use, on the Discounts page.
    await admin.getByRole("link", { name: "Discounts" }).click();
    await admin.getByLabel("Code", { exact: true }).fill(code);
    await admin.getByLabel("Gives").selectOption({ label: "a percentage off" });
    await admin.getByLabel("Percent or amount").fill("25");
    await admin.getByLabel("Uses in all (optional)").fill("1");
    await admin.getByRole("button", { name: "Create code" }).click();
    await admin.getByText(`Created ${code}.`).waitFor();
    await look(admin, "promotions-admin-discounts");

    // A $20 gift card, on the Gift cards page; its code is shown once.
    await admin.getByRole("link", { name: "Gift cards" }).click();
    await admin.getByLabel("Amount").fill("20");
    await admin.getByLabel("Currency").fill("USD");
    await admin.getByLabel("Note (optional)").fill("Launch raffle");
    await admin.getByRole("button", { name: "Issue gift card" }).click();
    await admin.getByRole("heading", { name: "Gift card issued" }).waitFor();
    const giftCode = (await admin.locator(".notice code").textContent()) ?? "";
    expect(giftCode).toMatch(/^GC-/);
    await look(admin, "promotions-admin-gift-cards");

    // The shopper: the code on the cart page, then the gift card at checkout.
    const shopper = await openPage(await newShopper(browser));
    await addToCart(shopper, SLUG, "Black / M", 2);
    await applyCode(shopper, code.toLowerCase());
    const cart = await text(shopper);
    // 2 × $28.00 = $56.00, 25 % off: −$14.00.
    expect(cart).toContain(`Discount ${code} (25% off)`);
    expect(cart).toContain("−$14.00");
    await look(shopper, "promotions-cart");
    await shopper.getByRole("link", { name: "Check out" }).click();
    await shopper.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
    await fillCheckout(shopper, CARDS.visa);
    await shopper.getByLabel("Gift card code (optional)").fill(giftCode);
    await look(shopper, "promotions-checkout");
    await placeOrder(shopper);
    await shopper.waitForURL(/\/orders\/ord_/);
    const order = await text(shopper);
    expect(order).toContain(`Discount ${code} (25% off)`);
    expect(order).toMatch(/Paid by gift card ending \w{4}\s*\$20\.00/);
    await look(shopper, "promotions-order");

    // The next shopper: the code's one use is taken.
    const next = await openPage(await newShopper(browser));
    await addToCart(next, SLUG, "Black / M");
    await applyCode(next, code);
    expect(await text(next)).toContain(`The code ${code} has no use left.`);

    // The merchant sees the use, and what is left on the gift card.
    await admin.getByRole("link", { name: "Discounts" }).click();
    const row = admin.getByRole("row", { name: new RegExp(code) });
    expect(await row.textContent()).toMatch(/active\s*1\s*0\s*0/);
    await admin.getByRole("link", { name: "Gift cards" }).click();
    const card = admin.getByRole("row", { name: /Launch raffle/ }).first();
    expect(await card.textContent()).toContain("$0.00");
  });
});
