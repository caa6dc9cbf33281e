import { describe, expect, it } from "vitest";
import { emailOf, paidOrder, shipOrder } from "./email-helpers";
import { adminCall, browser, ORIGIN } from "./helpers";

/** The order link in an email's text and HTML (the same one in both). */
function linkIn(email: { body: string | null; html: string | null }, orderId: string): string {
  const text = new RegExp(`${ORIGIN}/orders/${orderId}\\?key=[\\w-]{43}`).exec(email.body ?? "");
  expect(text, email.body ?? "").not.toBeNull();
  expect(email.html).toContain(`href="${text?.[0]}"`);
  return (text?.[0] ?? "").slice(ORIGIN.length);
}

describe("order links for guests", () => {
  it("open that order's page without a session, its parcels and returns, and no other order", async () => {
    const { order } = await paidOrder({ name: "Grace Hopper" });
    const link = linkIn(await emailOf(order.id, "order_confirmed"), order.id);
    const key = new URL(link, ORIGIN).searchParams.get("key") ?? "";

    // A visitor with no session: the link opens the order, without a session nothing does.
    const visitor = browser();
    const page = await visitor.get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Grace Hopper");
    expect(html).not.toContain('href="/orders">All your orders');
    expect((await visitor.get(`/orders/${order.id}`)).status).toBe(404);

    // The key is this order's only: another order, a changed key, a key of the wrong shape.
    const other = await paidOrder();
    expect((await visitor.get(`/orders/${other.order.id}?key=${key}`)).status).toBe(404);
    const changed = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    expect((await visitor.get(`/orders/${order.id}?key=${changed}`)).status).toBe(404);
    expect((await visitor.get(`/orders/${order.id}?key=short`)).status).toBe(404);

    // Shipped: the shipped email carries the same link, and the page offers a return through it.
    await shipOrder(order.id);
    expect(linkIn(await emailOf(order.id, "order_shipped"), order.id)).toBe(link);
    const shipped = await (await visitor.get(link)).text();
    const action = /action="(\/orders\/[^"]+\/returns\?key=[^"]+)"/.exec(shipped)?.[1] ?? "";
    expect(action).toContain(`/orders/${order.id}/returns?key=`);
    const sku = order.lines[0]?.sku ?? "";
    const asked = await visitor.post(action.replaceAll("&amp;", "&"), {
      key: crypto.randomUUID(),
      [`qty.${sku}`]: "1",
    });
    expect(asked.status).toBe(303);
    expect(asked.headers.get("location")).toBe(`${link}#returns`);
    expect(await (await visitor.get(link)).text()).toMatch(/Return #\d+/);
    // Without the key, the return form posts nothing.
    expect(
      (await visitor.post(`/orders/${order.id}/returns`, { key: crypto.randomUUID() })).status,
    ).toBe(404);
  });

  it("are revoked from the admin API: every link sent so far opens nothing", async () => {
    const { order } = await paidOrder();
    const link = linkIn(await emailOf(order.id, "order_confirmed"), order.id);
    expect((await browser().get(link)).status).toBe(200);

    const revoked = await adminCall("POST", `/api/v1/admin/orders/${order.id}/links/revoke`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ linkVersion: 2 });
    expect((await browser().get(link)).status).toBe(404);
    // The next email carries a new link, which opens the order.
    await shipOrder(order.id);
    const fresh = linkIn(await emailOf(order.id, "order_shipped"), order.id);
    expect(fresh).not.toBe(link);
    expect((await browser().get(fresh)).status).toBe(200);
    expect((await adminCall("POST", "/api/v1/admin/orders/ord_nope/links/revoke")).status).toBe(
      404,
    );
  });
});
