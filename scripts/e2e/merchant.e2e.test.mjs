import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAsOwner } from "./back-office.mjs";
import { launchBrowser, newPhoneShopper, newShopper } from "./browser.mjs";
import { look, openPage } from "./page-check.mjs";
import { addVariant, CARDS, fillCheckout, placeOrder } from "./shop.mjs";

// A 2 × 2 PNG, drawn by Chromium's canvas.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAF0lEQVR4AWL6DwTGq8r/M5msrmAAAQAAAAD//zej+8sAAAAGSURBVAMAYMkHqx1/3QUAAAAASUVORK5CYII=",
  "base64",
);

/** One run per screen: each edits a demo product no other browser test uses. */
const SCREENS = [
  {
    name: "desktop",
    open: newShopper,
    slug: "woven-storage-basket",
    variant: "Small",
    title: "Seagrass Storage Basket",
    price: "36.50",
    // The back office's screenshots in docs/ come from this run, the phone's from the other.
    screenshots: true,
  },
  {
    name: "phone",
    open: newPhoneShopper,
    slug: "ceramic-table-lamp",
    variant: "Chalk",
    title: "Glazed Ceramic Lamp",
    price: "115.00",
    screenshots: false,
  },
];

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a merchant and a shopper", () => {
  for (const screen of SCREENS) {
    it(`on a ${screen.name}: the merchant edits a product and its picture, a shopper buys it, the merchant refunds it and sees its emails`, async () => {
      const admin = await openPage(await screen.open(browser));
      await signInAsOwner(admin);

      // Edit the title and the first variant's price.
      await admin.goto(`/admin/products/${screen.slug}`);
      await admin.getByLabel("Title", { exact: true }).fill(screen.title);
      await admin.getByLabel("Price").first().fill(screen.price);
      await admin.getByRole("button", { name: "Save changes" }).click();
      await admin.getByRole("heading", { level: 1, name: screen.title }).waitFor();
      await look(
        admin,
        `merchant-product-${screen.name}`,
        screen.screenshots && "back-office-product.png",
      );

      // A picture for it, from the products page.
      await admin
        .getByRole("navigation", { name: "Back office" })
        .getByRole("link", { name: "Products" })
        .click();
      await admin.getByLabel("Product slug").fill(screen.slug);
      await admin
        .getByLabel("Picture", { exact: true })
        .setInputFiles({ name: "new.png", mimeType: "image/png", buffer: PNG });
      await admin.getByRole("button", { name: "Upload picture" }).click();
      await admin.getByRole("status").getByText(`New picture for ${screen.slug}.`).waitFor();
      await look(
        admin,
        `merchant-products-${screen.name}`,
        screen.screenshots && "back-office-products.png",
      );

      // The shopper sees the new title, price and picture, and buys one.
      const shopper = await openPage(await screen.open(browser));
      await shopper.goto(`/products/${screen.slug}`);
      await shopper.getByRole("heading", { level: 1, name: screen.title }).waitFor();
      await shopper.getByText(`$${screen.price}`).first().waitFor();
      const picture = shopper.getByRole("img", { name: screen.title });
      expect(await picture.getAttribute("src")).toMatch(/^\/images\/[0-9a-f]{64}\.png$/);
      await look(
        shopper,
        `merchant-shop-product-${screen.name}`,
        !screen.screenshots && "phone-product.png",
      );
      await addVariant(shopper, screen.variant);
      await look(
        shopper,
        `merchant-shop-cart-${screen.name}`,
        !screen.screenshots && "phone-cart.png",
      );
      await shopper.getByRole("link", { name: "Check out" }).click();
      await fillCheckout(shopper, CARDS.visa);
      await placeOrder(shopper);
      await shopper.waitForURL(/\/orders\/ord_/);
      const orderId = shopper.url().split("/").pop();
      const number = await shopper.locator("main strong").first().textContent();

      // The merchant opens the order: its line at the new price, its history, its email.
      await admin.goto(`/admin/orders/${orderId}`);
      await admin.getByRole("heading", { level: 1, name: `Order ${number}` }).waitFor();
      await admin
        .getByRole("cell", { name: new RegExp(screen.title) })
        .first()
        .waitFor();
      await admin.getByText(`$${screen.price}`).first().waitFor();
      const emails = admin.locator("table", {
        has: admin.getByRole("cell", { name: "order_confirmed" }),
      });
      await emails.waitFor();
      await look(
        admin,
        `merchant-order-${screen.name}`,
        screen.screenshots && "back-office-order.png",
      );

      // The queue ships it within seconds; then the shopper sends it back and the merchant
      // refunds it, and the refund email joins the order's outbox.
      await expect
        .poll(
          async () => {
            await admin.reload();
            return admin.locator("main dd .status").textContent();
          },
          { timeout: 30_000 },
        )
        .toBe("fulfilled");
      await admin.getByLabel(/Yes, refund \$/).check();
      await admin.getByRole("button", { name: "Refund in full" }).click();
      await admin.getByText(`Order ${orderId} refunded.`).waitFor();
      await admin.getByRole("cell", { name: "order_refunded" }).first().waitFor();
      await admin.getByText(`No action for a refunded fulfilled order.`).waitFor();
      await look(
        admin,
        `merchant-refunded-${screen.name}`,
        screen.screenshots && "back-office-refund.png",
      );

      // The stock and sales pages of the back office, which the order shows up in.
      for (const section of ["Stock", "Sales"]) {
        await admin
          .getByRole("navigation", { name: "Back office" })
          .getByRole("link", { name: section })
          .click();
        await admin.getByRole("heading", { level: 1 }).first().waitFor();
        await look(
          admin,
          `merchant-${section.toLowerCase()}-${screen.name}`,
          screen.screenshots && `back-office-${section.toLowerCase()}.png`,
        );
      }
    });
  }
});
