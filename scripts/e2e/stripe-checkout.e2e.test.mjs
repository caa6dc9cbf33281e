/**
 * Card payments with Stripe in the browser. A second store runs with `PAYMENT_PROVIDER=stripe`
 * against a local fake of Stripe (scripts/fake-stripe.mjs: its API and a Stripe.js look-alike),
 * since this machine cannot reach Stripe. It proves the store's side: the checkout page loads
 * Stripe.js under its CSP, posts the card's ConfirmationToken, shows the bank's 3-D Secure
 * challenge, then posts the same request again and lands on the paid order.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { serveFakeStripe } from "../fake-stripe.mjs";
import { ROOT } from "../wrangler.mjs";
import { artifactPath } from "./artifacts.mjs";
import { launchBrowser } from "./browser.mjs";
import { checkPage, openPage } from "./page-check.mjs";
import { addToCart, fillAddress, placeOrder, waitForOrderStatus } from "./shop.mjs";
import { startStore } from "./store.mjs";

const port = Number(process.env.PORT ?? 8790) + 2;
const baseUrl = `http://127.0.0.1:${port}`;
const CARDS = {
  visa: "4242424242424242",
  threeDSecure: "4000002760003184",
};

let fake;
let stopStore;
let browser;
beforeAll(async () => {
  fake = await serveFakeStripe();
  stopStore = await startStore({
    port,
    persistTo: resolve(ROOT, ".wrangler/e2e-stripe-state"),
    logFile: artifactPath("e2e-stripe-server.log"),
    adminToken: inject("adminToken"),
    bundleDir: "dist/serve-stripe",
    vars: {
      PAYMENT_PROVIDER: "stripe",
      STRIPE_SECRET_KEY: "sk_test_fake",
      STRIPE_PUBLISHABLE_KEY: "pk_test_fake",
      STRIPE_API_BASE: fake.origin,
      STRIPE_JS_URL: `${fake.origin}/v3/`,
    },
  });
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stopStore?.();
  await fake?.close();
});

async function shopperAtCheckout() {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
  });
  const page = await openPage(context);
  await addToCart(page, "lambswool-beanie", "Charcoal");
  await page.goto("/checkout");
  await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
  await fillAddress(page);
  return page;
}

const intentStatuses = () => [...fake.stripe.intents.values()].map((i) => i.status);

describe("a shopper paying by card with Stripe", () => {
  it("pays with a card that needs no authentication", async () => {
    const page = await shopperAtCheckout();
    // Stripe's Payment Element, not the test cards.
    expect(await page.getByLabel("Test Visa ending 4242 (approved)").count()).toBe(0);
    await checkPage(page, "stripe-checkout");
    await page.getByLabel("Card number").fill(CARDS.visa);
    await placeOrder(page);
    await page.waitForURL(/\/orders\/ord_/);
    await waitForOrderStatus(page, "fulfilled");
    expect(intentStatuses()).toEqual(["succeeded"]);
  });

  it("passes the bank's 3-D Secure challenge, and the same checkout is paid once", async () => {
    const page = await shopperAtCheckout();
    await page.getByLabel("Card number").fill(CARDS.threeDSecure);
    await placeOrder(page);
    const challenge = page.getByRole("dialog", { name: "Bank authentication (fake)" });
    await challenge.waitFor();
    await page
      .getByRole("status")
      .getByText("Your bank asks you to confirm this payment")
      .waitFor();
    await challenge.getByRole("button", { name: "Complete authentication" }).click();
    await page.waitForURL(/\/orders\/ord_/);
    await waitForOrderStatus(page, "fulfilled");
    await checkPage(page, "stripe-order");
    expect(intentStatuses().filter((s) => s === "succeeded")).toHaveLength(2);
  });

  it("fails the challenge: declined, nothing charged, the cart kept, then pays with another card", async () => {
    const page = await shopperAtCheckout();
    await page.getByLabel("Card number").fill(CARDS.threeDSecure);
    await placeOrder(page);
    const challenge = page.getByRole("dialog", { name: "Bank authentication (fake)" });
    await challenge.getByRole("button", { name: "Fail authentication" }).click();
    await page.getByRole("alert").getByText("Your card was declined").waitFor();
    expect(intentStatuses().at(-1)).toBe("canceled");
    await checkPage(page, "stripe-declined");

    await page.getByLabel("Card number").fill(CARDS.visa);
    await placeOrder(page);
    await page.waitForURL(/\/orders\/ord_/);
    expect(intentStatuses().filter((s) => s === "succeeded")).toHaveLength(3);
  });
});
