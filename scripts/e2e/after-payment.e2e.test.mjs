/**
 * After the payment, in a shop whose merchant ships by hand (`FULFILLMENT_PROVIDER=manual`, a
 * second store): an order of two lines waits in the back office's list to ship, leaves in two
 * parcels the shopper sees with their tracking, the shopper returns one line, the merchant
 * approves and receives it (back to stock), the refund follows, and the sales report counts
 * revenue net of it. On a desktop and on a phone.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../wrangler.mjs";
import { artifactPath } from "./artifacts.mjs";
import { signInAsOwner } from "./back-office.mjs";
import { launchBrowser, newPhoneShopper, newShopper } from "./browser.mjs";
import { look, openPage } from "./page-check.mjs";
import { addToCart, CARDS, fillCheckout, placeOrder } from "./shop.mjs";
import { startStore } from "./store.mjs";

const port = Number(process.env.PORT ?? 8790) + 4;
const baseUrl = `http://127.0.0.1:${port}`;

const SCREENS = [
  { name: "desktop", open: newShopper },
  { name: "phone", open: newPhoneShopper },
];

let stopStore;
let browser;
beforeAll(async () => {
  stopStore = await startStore({
    port,
    persistTo: resolve(ROOT, ".wrangler/e2e-manual-state"),
    logFile: artifactPath("e2e-manual-server.log"),
    adminToken: inject("adminToken"),
    bundleDir: "dist/serve-manual",
    vars: { FULFILLMENT_PROVIDER: "manual" },
  });
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stopStore?.();
});

const asAdmin = async (path) => {
  const res = await fetch(`${baseUrl}/api/v1/admin${path}`, {
    headers: { authorization: `Bearer ${inject("adminToken")}` },
  });
  expect(res.status).toBe(200);
  return res.json();
};

describe("after the payment, with a merchant who ships by hand", () => {
  for (const screen of SCREENS) {
    it(`on a ${screen.name}: two parcels, a return of one line, its refund, net sales`, async () => {
      const today = new Date().toISOString().slice(0, 10);
      const salesBefore = await asAdmin(`/reports/sales?from=${today}&to=${today}`);

      // The shopper buys a tee and a beanie.
      const shopper = await openPage(await screen.open(browser, baseUrl));
      await addToCart(shopper, "organic-cotton-tee", "Black / M");
      await addToCart(shopper, "lambswool-beanie", "Charcoal");
      await shopper.goto("/checkout");
      await fillCheckout(shopper, CARDS.visa);
      await placeOrder(shopper);
      await shopper.waitForURL(/\/orders\/ord_/);
      const orderId = shopper.url().split("/").pop();
      const number = (await shopper.locator("main strong").first().textContent()).replace("#", "");

      // It waits in the back office's list to ship; the merchant sends the tee first.
      const admin = await openPage(await screen.open(browser, baseUrl));
      await signInAsOwner(admin);
      await admin
        .getByRole("navigation", { name: "Back office" })
        .getByRole("link", { name: "To ship" })
        .click();
      await admin.getByRole("heading", { level: 1, name: "To ship" }).waitFor();
      await look(admin, `after-payment-to-ship-${screen.name}`);
      await admin.getByRole("link", { name: `#${number}`, exact: true }).click();
      await admin.getByRole("heading", { name: "Record a shipment" }).waitFor();
      await admin.getByLabel(/^Units of Lambswool Beanie Charcoal/).fill("0");
      await admin.getByLabel("Carrier").fill("UPS");
      await admin.getByLabel("Tracking number").fill("1Z999AA10123456784");
      await admin
        .getByLabel("Tracking URL")
        .fill("https://www.ups.com/track?tracknum=1Z999AA10123456784");
      await admin.getByRole("button", { name: "Record shipment" }).click();
      await admin.getByRole("status").getByText("Parcel 1 recorded").waitFor();
      await look(admin, `after-payment-order-parcel-${screen.name}`);

      await shopper.reload();
      await shopper.getByText("Partly shipped").first().waitFor();
      await shopper.getByRole("link", { name: "1Z999AA10123456784" }).waitFor();

      // Then the beanie.
      await admin.getByLabel("Carrier").fill("DHL");
      await admin.getByLabel("Tracking number").fill("JD014600006281");
      await admin.getByRole("button", { name: "Record shipment" }).click();
      await admin.getByRole("status").getByText("Parcel 2 recorded").waitFor();

      await shopper.reload();
      await shopper.getByText("Shipped", { exact: true }).first().waitFor();
      expect(
        await shopper.getByRole("list", { name: "Parcels" }).getByRole("listitem").count(),
      ).toBe(2);

      // The shopper sends the beanie back.
      await shopper.getByLabel(/^Lambswool Beanie Charcoal: how many to return/).fill("1");
      await shopper.getByLabel("Why (optional)").fill("Too warm");
      await shopper.getByRole("button", { name: "Ask to return" }).click();
      await shopper.getByText(/Return #1: 1 × Lambswool Beanie Charcoal/).waitFor();
      await look(shopper, `after-payment-shopper-return-${screen.name}`);

      // The merchant approves it, then receives it back into stock; the refund follows.
      const stockBefore = await asAdmin("/inventory/APP-004-CHARCOAL");
      await admin
        .getByRole("navigation", { name: "Back office" })
        .getByRole("link", { name: "Returns" })
        .click();
      await admin.getByRole("heading", { level: 1, name: "Returns" }).waitFor();
      await look(admin, `after-payment-returns-${screen.name}`);
      await admin.locator(`a[href="/admin/orders/${orderId}#returns"]`).first().click();
      await admin.getByRole("button", { name: "Approve" }).click();
      await admin.getByRole("status").getByText("Return #1 is approved.").waitFor();
      await admin.getByRole("button", { name: "Received: refund it" }).click();
      await admin.getByRole("status").getByText("Return #1 is received.").waitFor();
      await look(admin, `after-payment-order-returned-${screen.name}`);

      const order = await asAdmin(`/orders/${orderId}`);
      expect(order.paymentStatus).toBe("partially_refunded");
      expect(order.refundedTotal.amount).toBeGreaterThanOrEqual(3200);
      const stockAfter = await asAdmin("/inventory/APP-004-CHARCOAL");
      expect(stockAfter.onHand).toBe(stockBefore.onHand + 1);
      await shopper.reload();
      await shopper.getByText("Received and refunded").waitFor();

      // The sales report counts the order's merchandise less its refund.
      const sales = await asAdmin(`/reports/sales?from=${today}&to=${today}`);
      expect(sales.refunds.amount - salesBefore.refunds.amount).toBe(order.refundedTotal.amount);
      expect(sales.revenue.amount - salesBefore.revenue.amount).toBe(
        Math.max(
          0,
          order.subtotal.amount - order.discountTotal.amount - order.refundedTotal.amount,
        ),
      );
    }, 120_000);
  }
});
