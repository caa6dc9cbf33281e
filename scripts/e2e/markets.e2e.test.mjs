import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAsOwner } from "./back-office.mjs";
import { launchBrowser, newPhoneShopper, newShopper } from "./browser.mjs";
import { checkPage, expectNoSidewaysScroll, openPage } from "./page-check.mjs";
import { addVariant, CARDS, fillCheckout, placeOrder } from "./shop.mjs";

const SLUG = "merino-wool-crew-sweater";
const SCREENS = [
  { name: "desktop", context: newShopper, screenshots: true },
  { name: "phone", context: newPhoneShopper, screenshots: false },
];

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Picks a market in the header's switcher, as a shopper would. */
async function switchTo(page, label) {
  await page.getByLabel("Shipping to").selectOption({ label });
  await page.getByRole("button", { name: "Change" }).click();
  await page.waitForLoadState("domcontentloaded");
}

const text = async (page) => (await page.locator("main").textContent()) ?? "";

describe.each(SCREENS)("a shopper abroad on a $name", (screen) => {
  it("sees euros with VAT in the EU, yen without decimals in Japan, and checks out in the UK with a chosen shipping method", async () => {
    const context = await screen.context(browser);
    const page = await openPage(context);
    const look = async (name, docsName) => {
      await checkPage(page, `markets-${name}-${screen.name}`, {
        docsName: screen.screenshots ? docsName : undefined,
      });
      await expectNoSidewaysScroll(page, `markets-${name}-${screen.name}`);
    };

    // In the EU: euros, formatted as in Germany, VAT included in the price.
    await page.goto("/?market=eu");
    await page.getByRole("heading", { name: "All products" }).waitFor();
    expect(await text(page)).toMatch(/84,90\s€/);
    await look("eu-home", "markets-eu.png");
    await page.goto(`/products/${SLUG}`);
    await addVariant(page, "S");
    const euCart = await text(page);
    expect(euCart).toMatch(/84,90\s€/);
    expect(euCart).toMatch(/Includes MwSt\. 19\s?%/);
    await look("eu-cart");

    // To Japan: the same cart in yen, no minor digits.
    await switchTo(page, "Japan (JPY)");
    await page.getByRole("heading", { level: 1, name: "Your cart" }).waitFor();
    const jpCart = await text(page);
    expect(jpCart).toMatch(/[¥￥]13,400(?![.\d])/);
    expect(jpCart).not.toMatch(/13,400\.00/);
    await page.goto(`/products/${SLUG}`);
    expect(await text(page)).toMatch(/[¥￥]13,400(?![.\d])/);
    await look("jp-product", "markets-jp.png");

    // To the UK: pounds, VAT 20 % included; next-day delivery chosen at checkout.
    await page.goto("/cart?market=gb");
    expect(await text(page)).toContain("£70.95");
    await page.getByRole("link", { name: "Check out" }).click();
    await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
    await fillCheckout(page, CARDS.visa);
    await page.getByRole("radio", { name: /Next day/ }).check();
    await page.getByRole("button", { name: "Update shipping and total" }).click();
    await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
    // 70.95 + 9.95 next day, VAT included: 80.90.
    expect(await page.locator(".totals").textContent()).toContain("£80.90");
    await look("gb-checkout");
    await page.getByLabel(CARDS.visa, { exact: true }).check();
    await placeOrder(page);
    await page.waitForURL(/\/orders\/ord_/);
    const order = await text(page);
    expect(order).toContain("£80.90");
    expect(order).toMatch(/Next day/);
    // 70.95 contains 11.82 (70.95 / 1.2 = 59.125 rounds to 59.13) and 9.95 contains 1.66: 13.48.
    expect(order).toMatch(/Includes VAT 20\s?%\s*£13\.48/);
    await look("gb-order");
    const orderId = new URL(page.url()).pathname.split("/").pop();

    // The confirmation email says the same.
    const admin = await openPage(await newShopper(browser));
    await signInAsOwner(admin);
    await expect
      .poll(
        async () => {
          await admin.goto(`/admin/orders/${orderId}/emails/order_confirmed`);
          return admin.locator("pre").textContent();
        },
        { timeout: 20_000 },
      )
      .toMatch(/Includes VAT 20\s?%: £13\.48/);
    await context.close();
  });
});
