import { describe, expect, it } from "vitest";
import { paidOrder } from "./email-helpers";
import { ADMIN_TOKEN, adminCall, browser } from "./helpers";

async function admin() {
  const b = browser();
  expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
  return b;
}

const keyOf = (html: string) => /name="key" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("partial refunds in the back office", () => {
  it("refunds an amount once per form, lists the ledger, and shows errors beside the form", async () => {
    const b = await admin();
    const { order } = await paidOrder({ quantity: 2 });
    const page = await (await b.get(`/admin/orders/${order.id}`)).text();
    expect(page).toContain("Nothing refunded.");
    const key = keyOf(page);
    expect(key.length).toBeGreaterThan(8);
    const action = `/admin/orders/${order.id}/refunds`;
    const unconfirmed = await b.post(action, { key, amount: "2.50" });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box");
    const bad = await b.post(action, { key, amount: "2.5.0", confirm: "yes" });
    expect(await bad.text()).toContain("The amount is not a price.");
    const done = await b.post(action, { key, amount: "2.50", reason: "late", confirm: "yes" });
    expect(done.status).toBe(303);
    // The same form sent twice refunds once.
    expect(
      (await b.post(action, { key, amount: "2.50", reason: "late", confirm: "yes" })).status,
    ).toBe(303);
    const after = await (await b.get(`/admin/orders/${order.id}`)).text();
    expect(after).toContain("Refunded $2.50 of");
    expect(after).toContain("late");
    const ledger = (await (
      await adminCall("GET", `/api/v1/admin/orders/${order.id}/refunds`)
    ).json()) as {
      items: unknown[];
    };
    expect(ledger.items).toHaveLength(1);
    const sku = order.lines[0]?.sku ?? "";
    const tooMany = await b.post(action, {
      key: keyOf(after),
      [`qty.${sku}`]: "3",
      confirm: "yes",
    });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain("only 2 of 2 left to refund");
  });
});
