import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeOrder } from "./api.mjs";
import { signInAsOwner } from "./back-office.mjs";
import { launchBrowser, newShopper } from "./browser.mjs";
import { checkPage, openPage } from "./page-check.mjs";

// Three units put it at the top of the top skus whichever other tests ran first.
const SKU = "KIT-002-12-OZ";
// On the home page's second page, so the committed screenshot keeps its placeholders.
const PICTURE_SLUG = "waterproof-rain-shell";
// A 2 × 2 PNG, drawn by Chromium's canvas.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAF0lEQVR4AWL6DwTGq8r/M5msrmAAAQAAAAD//zej+8sAAAAGSURBVAMAYMkHqx1/3QUAAAAASUVORK5CYII=",
  "base64",
);

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the ops dashboard", () => {
  it("lets the admin sign in with the token and shows the order, the sales chart and top skus", async () => {
    const order = await placeOrder(SKU, 3);
    const page = await openPage(await newShopper(browser));

    await signInAsOwner(page);
    await page.getByRole("heading", { level: 2, name: "Sales, last 30 days" }).waitFor();

    expect(await page.locator("svg.chart rect.bar-rect").count()).toBe(30);
    expect(await page.locator("svg.chart").getAttribute("aria-label")).toMatch(/Revenue by day/);
    const topSkus = page.locator("table", {
      has: page.getByRole("columnheader", { name: "Units" }),
    });
    await topSkus.getByRole("row", { name: new RegExp(`^${SKU} 3 `) }).waitFor();
    const section = (name) =>
      page.locator("section", { has: page.getByRole("heading", { level: 2, name }) });
    await section("Orders")
      .getByRole("row", { name: new RegExp(`^#${order.number} `) })
      .waitFor();
    // Its confirmation, sent by the local provider right after the checkout.
    await section("Emails")
      .getByRole("row", { name: new RegExp(`${order.id} order_confirmed sent`) })
      .waitFor();
    await checkPage(page, "admin-dashboard", { docsName: "dashboard.png" });
  });

  it("uploads a product's picture from the dashboard, which the shop then shows from R2", async () => {
    const page = await openPage(await newShopper(browser));
    await signInAsOwner(page);
    await page
      .getByRole("navigation", { name: "Back office" })
      .getByRole("link", { name: "Products" })
      .click();
    await page.getByLabel("Product slug").fill(PICTURE_SLUG);
    await page
      .getByLabel("Picture", { exact: true })
      .setInputFiles({ name: "shell.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Upload picture" }).click();
    await page.getByRole("status").getByText(`New picture for ${PICTURE_SLUG}.`).waitFor();

    await page.goto(`/products/${PICTURE_SLUG}`);
    const picture = page.getByRole("img", { name: "Waterproof Rain Shell" });
    expect(await picture.getAttribute("src")).toMatch(/^\/images\/[0-9a-f]{64}\.png$/);
    await expect.poll(() => picture.evaluate((img) => img.complete && img.naturalWidth)).toBe(2);
  });

  it("fits a phone: an order's page with its actions, no sideways scrolling of the page", async () => {
    const order = await placeOrder(SKU, 1);
    const page = await openPage(await newShopper(browser));
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAsOwner(page);
    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await page.getByRole("link", { name: `#${order.number}`, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: `Order #${order.number}` }).waitFor();
    await page.getByRole("heading", { level: 2, name: "History" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await checkPage(page, "admin-order-phone");
  });
});
