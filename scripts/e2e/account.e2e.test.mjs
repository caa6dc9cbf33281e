import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestEmail, registerCustomer } from "./api.mjs";
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

  it("resets a forgotten password from the email in the local outbox, then logs in with it", async () => {
    const email = `e2e-reset-${Date.now()}@example.com`;
    await registerCustomer(email, "the password I forgot");
    const page = await openPage(await newShopper(browser));
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await checkPage(page, "password-reset");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByText("Check your email").waitFor();

    const sent = await latestEmail(email, "password_reset");
    const link = /https?:\/\/\S+\/password-reset\/confirm\?token=[\w-]+/.exec(sent.text ?? "")?.[0];
    expect(link, sent.text).toBeTruthy();
    await page.goto(new URL(link).pathname + new URL(link).search);
    await page.getByLabel("New password").fill("a new password I will keep");
    await page.getByRole("button", { name: "Set the password" }).click();
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a new password I will keep");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL("**/cart");
    await page.getByRole("button", { name: "Log out" }).waitFor();
  });
});
