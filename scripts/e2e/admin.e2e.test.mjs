import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { placeOrder } from "./api.mjs";
import { launchBrowser, newShopper } from "./browser.mjs";
import { checkPage, openPage } from "./page-check.mjs";

// Three units put it at the top of the top skus whichever other tests ran first.
const SKU = "KIT-002-12-OZ";

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

    await page.goto("/admin");
    await page.getByLabel("Admin token").fill(inject("adminToken"));
    await page.getByRole("button", { name: "Sign in" }).click();
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
      .getByRole("row", { name: new RegExp(order.id) })
      .waitFor();
    // Its confirmation, sent by the local provider right after the checkout.
    await section("Emails")
      .getByRole("row", { name: new RegExp(`${order.id} order_confirmed sent`) })
      .waitFor();
    await checkPage(page, "admin-dashboard", { docsName: "dashboard.png" });
  });
});
