import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newShopper } from "./browser.mjs";
import { checkPage, openPage } from "./page-check.mjs";
import { addToCart, cartLines } from "./shop.mjs";

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a customer account", () => {
  it("registers, logs out, shops as a guest, and logging in brings the guest cart along", async () => {
    const page = await openPage(await newShopper(browser));
    const email = `e2e-${Date.now()}@example.com`;
    const password = "correct horse battery";

    await page.goto("/register");
    await checkPage(page, "register");
    await page.getByLabel("Name (optional)").fill("Katherine Johnson");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.waitForURL("**/cart");
    await page.getByRole("button", { name: "Log out" }).waitFor();
    await addToCart(page, "linen-button-shirt", "M");

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in" }).waitFor();
    await addToCart(page, "fleece-quarter-zip", "L");
    expect(await cartLines(page)).toEqual(["Fleece Quarter Zip L × 1"]);

    await page.getByRole("link", { name: "Log in" }).click();
    await checkPage(page, "login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL("**/cart");
    await page.getByRole("button", { name: "Log out" }).waitFor();
    expect((await cartLines(page)).toSorted()).toEqual([
      "Fleece Quarter Zip L × 1",
      "Linen Button Shirt M × 1",
    ]);
  });
});
