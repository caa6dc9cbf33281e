import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPhoneShopper, newShopper } from "./browser.mjs";
import { checkPage, expectNoSidewaysScroll, openPage } from "./page-check.mjs";
import { cartLines, pickOption } from "./shop.mjs";

// The demo's tee: Colour × Size, Sage made in M only, Black S sold out, L dearer.
const SLUG = "organic-cotton-tee";

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const price = (page) => page.locator("[data-chosen-price]").textContent();
const stock = (page) => page.locator("[data-chosen-stock]").textContent();
/** The large picture's alt text: the demo's tee has one picture per colour. */
const picture = (page) => page.locator("[data-main-picture]").getAttribute("alt");
/** The state classes of a value's button: "option-value sold-out", say. */
const stateOf = (page, axis, value) =>
  page
    .locator(`[data-value-of="${axis}"]`)
    .filter({ has: page.locator(`input[value="${value}"]`) })
    .getAttribute("class");

const SCREENS = [
  { name: "desktop", open: (b) => newShopper(b) },
  { name: "phone", open: (b) => newPhoneShopper(b) },
];

describe("a product with options", () => {
  for (const screen of SCREENS) {
    it(`on a ${screen.name}: picks Colour and Size, sees the price and stock follow and what is not made greyed, adds it`, async () => {
      const page = await openPage(await screen.open(browser));
      await page.goto(`/products/${SLUG}`);
      await checkPage(page, `product-options-${screen.name}`, {
        docsName: screen.name === "desktop" ? "product-options.png" : undefined,
      });
      await expectNoSidewaysScroll(page, "product with options");
      expect(await price(page)).toBe("$28.00");
      expect(await stock(page)).toBe("30 available");
      expect(await picture(page)).toBe("Organic Cotton Tee in White");
      // Without a click on "Show this choice": the page follows each pick.
      expect(await page.getByRole("button", { name: "Show this choice" }).count()).toBe(0);

      await pickOption(page, "L");
      expect(await price(page)).toBe("$32.00");
      expect(await stock(page)).toBe("24 available");
      await pickOption(page, "Black");
      expect(await stock(page)).toBe("20 available");
      expect(await picture(page)).toBe("Organic Cotton Tee in Black");
      expect(await stateOf(page, "Size", "S")).toBe("option-value sold-out");
      await pickOption(page, "Sage");
      expect(await stock(page)).toBe("Not made in this combination");
      expect(await stateOf(page, "Size", "L")).toBe("option-value missing");
      expect(await page.getByRole("button", { name: "Unavailable" }).isDisabled()).toBe(true);
      await pickOption(page, "M");
      expect(await price(page)).toBe("$28.00");
      expect(page.url()).toMatch(/\?variant=APP-003-SAGE-M$/);

      await page.getByLabel("Quantity", { exact: true }).fill("2");
      await page.getByRole("button", { name: "Add to cart" }).click();
      await page.waitForURL("**/cart");
      expect(await cartLines(page)).toEqual(["Organic Cotton Tee Sage / M × 2"]);
    });
  }

  it("works without JavaScript: 'Show this choice' reloads for the options picked, and Add to cart adds them", async () => {
    const context = await browser.newContext({
      baseURL: inject("baseUrl"),
      viewport: { width: 1280, height: 800 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`/products/${SLUG}`);
    await pickOption(page, "Black");
    await pickOption(page, "L");
    await page.getByRole("button", { name: "Show this choice" }).click();
    await page.waitForURL(/opt\.Colour=Black/);
    expect(await price(page)).toBe("$32.00");
    expect(await picture(page)).toBe("Organic Cotton Tee in Black");
    expect(await stock(page)).toBe("20 available");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL("**/cart");
    expect(await cartLines(page)).toEqual(["Organic Cotton Tee Black / L × 1"]);
    await context.close();
  });
});
