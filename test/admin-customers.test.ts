import { describe, expect, it } from "vitest";
import { addToCart, checkout, stockedSku } from "./checkout-helpers";
import { ADMIN_TOKEN, adminCall, browser, call, register, unique } from "./helpers";

interface Summary {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  orders: number;
}

const search = async (query: string) =>
  (await (await adminCall("GET", `/api/v1/admin/customers?${query}`)).json()) as {
    items: Summary[];
    nextCursor: string | null;
  };

describe("customers in the back office", () => {
  it("are found by email or name, opened with their addresses and orders, and sent a reset link", async () => {
    const tag = unique("needle").toLowerCase();
    const ada = await register(`${tag}.ada@example.com`);
    const grace = await register(`grace.${tag}@EXAMPLE.com`);
    await register(`${unique("other")}@example.com`);
    await call("POST", "/api/v1/me/addresses", {
      token: ada.token,
      body: { name: "Ada", line1: "1 Main St", city: "London", postalCode: "N1", country: "GB" },
    });
    const item = await stockedSku(5, 1000);
    await addToCart(ada.token, item.sku, 1);
    expect((await checkout(ada.token)).status).toBe(201);

    const found = await search(`q=${encodeURIComponent(tag.toUpperCase())}`);
    expect(found.items.map((c) => c.email).sort()).toEqual([grace.email, ada.email].sort());
    expect(found.items.find((c) => c.id === ada.shopper.id)).toMatchObject({
      orders: 1,
      emailVerified: false,
      name: "Ada",
    });
    // LIKE's wildcards are searched for as characters.
    expect((await search("q=%25")).items).toEqual([]);
    // Pages by cursor, the newest first, none twice.
    const first = await search(`q=${tag}&limit=1`);
    expect(first.items[0]?.email).toBe(grace.email);
    const second = await search(`q=${tag}&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((c) => c.email)).toEqual([ada.email]);
    expect(second.nextCursor).toBeNull();
    expect((await adminCall("GET", "/api/v1/admin/customers?cursor=bogus")).status).toBe(400);

    const detail = await adminCall("GET", `/api/v1/admin/customers/${ada.shopper.id}`);
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as {
      addresses: { line1: string }[];
      recentOrders: { id: string; status: string }[];
      pendingEmail: string | null;
    };
    expect(body.addresses.map((a) => a.line1)).toEqual(["1 Main St"]);
    expect(body.recentOrders).toHaveLength(1);
    expect(body.pendingEmail).toBeNull();
    expect((await adminCall("GET", "/api/v1/admin/customers/cus_nope")).status).toBe(404);

    const reset = await adminCall(
      "POST",
      `/api/v1/admin/customers/${ada.shopper.id}/password-reset`,
    );
    expect(reset.status).toBe(202);
    const emails = (await (
      await adminCall("GET", `/api/v1/admin/emails?to=${encodeURIComponent(ada.email)}`)
    ).json()) as { items: { kind: string }[] };
    expect(emails.items.map((e) => e.kind)).toContain("password_reset");
    expect(
      (await adminCall("POST", "/api/v1/admin/customers/cus_nope/password-reset")).status,
    ).toBe(404);
  });

  it("have pages: the search, one customer, and the reset button", async () => {
    const tag = unique("page").toLowerCase();
    const ada = await register(`${tag}@example.com`);
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const list = await (await b.get(`/admin/customers?q=${tag}`)).text();
    expect(list).toContain(`href="/admin/customers/${ada.shopper.id}"`);
    expect(await (await b.get(`/admin/customers?q=${tag}-none`)).text()).toContain(
      "No customers match",
    );
    const page = await (await b.get(`/admin/customers/${ada.shopper.id}`)).text();
    expect(page).toContain(`${ada.email} (not verified)`);
    const sent = await b.post(`/admin/customers/${ada.shopper.id}/password-reset`, {});
    expect(sent.status).toBe(303);
    expect(decodeURIComponent(sent.headers.get("location") ?? "")).toContain(
      `A reset link is on its way to ${ada.email}`,
    );
    // Without a back-office session, nothing.
    expect((await browser().get(`/admin/customers/${ada.shopper.id}`)).status).not.toBe(200);
  });
});
