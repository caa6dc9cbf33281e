import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestEmail, placeOrder } from "./api.mjs";
import { signInAsOwner, signInAsStaff } from "./back-office.mjs";
import { launchBrowser, newShopper } from "./browser.mjs";
import { checkPage, openPage } from "./page-check.mjs";

// Not the sku the dashboard test counts in its top skus: the store is shared by every test file.
const SKU = "KIT-002-16-OZ";
const PASSWORD = "a support password";

let browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const backOffice = (page) => page.getByRole("navigation", { name: "Back office" });

describe("staff with roles", () => {
  it("the owner invites a support member, who refunds an order but cannot edit products; the audit page shows both", async () => {
    const email = `support-${Date.now()}@example.com`;
    const order = await placeOrder(SKU, 1);

    // The owner invites them from the Staff page.
    const owner = await openPage(await newShopper(browser));
    await signInAsOwner(owner);
    await backOffice(owner).getByRole("link", { name: "Staff" }).click();
    await checkPage(owner, "staff");
    await owner.getByLabel("Email").fill(email);
    await owner.locator("#invite-role").selectOption("support");
    await owner.getByRole("button", { name: "Send the invitation" }).click();
    await owner.getByRole("cell", { name: email, exact: true }).waitFor();

    // They accept from the email in the local outbox, then sign in with email and password.
    const sent = await latestEmail(email, "staff_invite");
    const link = /https?:\/\/\S+\/admin\/invite\?token=[\w-]+/.exec(sent.text ?? "")?.[0];
    expect(link, sent.text).toBeTruthy();
    const member = await openPage(await newShopper(browser));
    await member.goto(new URL(link).pathname + new URL(link).search);
    await checkPage(member, "staff-invite");
    await member.getByLabel("Your name").fill("Sam Support");
    await member.getByLabel("Password").fill(PASSWORD);
    await member.getByRole("button", { name: "Join" }).click();
    await member.getByText("Welcome to the back office.").waitFor();
    await member.getByRole("button", { name: "Sign out" }).click();
    await signInAsStaff(member, email, PASSWORD);

    // Orders, but no product editing: no link to it, and 403 when opened anyway.
    await backOffice(member).getByRole("link", { name: "Orders", exact: true }).waitFor();
    expect(await backOffice(member).getByRole("link", { name: "Products" }).count()).toBe(0);
    expect(await backOffice(member).getByRole("link", { name: "Staff" }).count()).toBe(0);
    expect((await member.goto("/admin/products")).status()).toBe(403);
    await checkPage(member, "staff-refused");

    // The queue ships the order within seconds; the member refunds it.
    await expect
      .poll(
        async () => {
          await member.goto(`/admin/orders/${order.id}`);
          return member.locator("main dd .status").textContent();
        },
        { timeout: 30_000 },
      )
      .toBe("fulfilled");
    await member.getByLabel(/Yes, refund \$/).check();
    await member.getByRole("button", { name: "Refund in full" }).click();
    await member.getByText(`Order ${order.id} refunded.`).waitFor();

    // The owner's audit page shows the invitation and the refund, each with who made it.
    await backOffice(owner).getByRole("link", { name: "Audit log" }).click();
    const rows = owner.locator("main tbody tr");
    const refund = rows.filter({ hasText: `orders/${order.id}` }).filter({ hasText: "refund" });
    await expect.poll(() => refund.first().locator("td").nth(1).textContent()).toContain(email);
    const invite = rows.filter({ hasText: email }).filter({ hasText: "ADMIN_TOKEN" });
    expect(await invite.count()).toBeGreaterThan(0);
    await checkPage(owner, "audit");
  });
});
