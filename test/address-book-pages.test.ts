import { describe, expect, it } from "vitest";
import { address, addToCart, checkout, checkoutBody, stockedSku } from "./checkout-helpers";
import { browser, call, register } from "./helpers";

const book = (token: string) =>
  call("GET", "/api/v1/me/addresses", { token }).then(
    async (res) => ((await res.json()) as { items: { id: string; line1: string }[] }).items,
  );

const save = async (token: string, body: Record<string, string>) =>
  (await (await call("POST", "/api/v1/me/addresses", { token, body })).json()) as { id: string };

async function signedIn() {
  const customer = await register();
  const b = browser();
  const login = await b.post("/login", { email: customer.email, password: customer.password });
  expect(login.status).toBe(303);
  return { customer, b };
}

const form = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [`shippingAddress.${k}`, v]));

const keyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("the address book pages", () => {
  it("add, change and delete addresses, with errors beside the fields; another's is 404", async () => {
    const { customer, b } = await signedIn();
    expect(await (await b.get("/account")).text()).toContain('href="/account/addresses"');
    expect(await (await b.get("/account/addresses")).text()).toContain("No saved addresses yet");

    const noState = await b.post(
      "/account/addresses",
      form({ ...address, country: "US", postalCode: "10001" }),
    );
    expect(noState.status).toBe(400);
    const noStateHtml = await noState.text();
    expect(noStateHtml).toMatch(
      /id="f-shippingAddress-region-error" class="error">Enter the state/,
    );
    expect(noStateHtml).toContain(`value="${address.line1.replace("'", "&#39;")}"`);

    const added = await b.post("/account/addresses", form(address));
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe("/account/addresses?notice=saved");
    const again = await b.post("/account/addresses", form({ ...address, city: "london" }));
    expect(again.headers.get("location")).toBe("/account/addresses?notice=exists");
    const [saved] = await book(customer.token);
    expect(saved?.line1).toBe(address.line1);
    const listed = await (await b.get("/account/addresses?notice=saved")).text();
    expect(listed).toContain("The address is saved.");
    expect(listed).toContain(`href="/account/addresses/${saved?.id}"`);

    const edit = await (await b.get(`/account/addresses/${saved?.id}`)).text();
    expect(edit).toContain('value="SW1Y 4JH"');
    const changed = await b.post(
      `/account/addresses/${saved?.id}`,
      form({
        ...address,
        line1: "1 Infinite Loop",
        country: "US",
        region: "CA",
        postalCode: "95014",
      }),
    );
    expect(changed.headers.get("location")).toBe("/account/addresses?notice=updated");
    expect((await book(customer.token))[0]?.line1).toBe("1 Infinite Loop");

    // Another customer sees nothing of it, and cannot change or delete it.
    const other = await signedIn();
    expect((await other.b.get(`/account/addresses/${saved?.id}`)).status).toBe(404);
    expect((await other.b.post(`/account/addresses/${saved?.id}/delete`, {})).status).toBe(404);
    expect(await book(customer.token)).toHaveLength(1);

    const deleted = await b.post(`/account/addresses/${saved?.id}/delete`, {});
    expect(deleted.headers.get("location")).toBe("/account/addresses?notice=deleted");
    expect(await book(customer.token)).toEqual([]);
    // A guest has no book: the pages send them to log in.
    expect((await browser().get("/account/addresses")).status).toBe(303);
  });

  it("fill the checkout from the last used address, offer the others, and keep a new one unless unticked", async () => {
    const { customer, b } = await signedIn();
    const first = await save(customer.token, { ...address, line1: "1 First Street" });
    const second = await save(customer.token, { ...address, line1: "2 Second Street" });
    const item = await stockedSku(10, 1000);

    // The API's paid checkout marks the address it shipped to as the last used.
    await addToCart(customer.token, item.sku, 1);
    const body = { ...checkoutBody(), shippingAddress: { ...address, line1: "1 First Street" } };
    expect((await checkout(customer.token, body)).status).toBe(201);
    expect((await book(customer.token)).map((a) => a.id)).toEqual([first.id, second.id]);

    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const page = await (await b.get("/checkout")).text();
    expect(page).toContain('value="1 First Street"');
    expect(page).toContain(`value="${customer.email}"`);
    expect(page).toMatch(/name="address" value="[^"]+" checked/);
    expect(page).toContain('name="saveAddress" value="1" checked');
    const picked = await (await b.get(`/checkout?address=${second.id}`)).text();
    expect(picked).toContain('value="2 Second Street"');

    // A new address, the box left ticked: saved, and now the last used.
    const paid = await b.post("/checkout", {
      email: customer.email,
      ...form({ ...address, line1: "3 Third Street" }),
      "payment.token": "tok_visa",
      saveAddress: "1",
      idempotencyKey: keyOf(picked),
    });
    expect(paid.status).toBe(303);
    expect((await book(customer.token))[0]?.line1).toBe("3 Third Street");

    // Unticked: the order ships there, the book stays as it was.
    await b.post("/cart/items", { sku: item.sku, quantity: "1" });
    const next = await (await b.get("/checkout")).text();
    expect(next).toContain('value="3 Third Street"');
    const unsaved = await b.post("/checkout", {
      email: customer.email,
      ...form({ ...address, line1: "4 Fourth Street" }),
      "payment.token": "tok_visa",
      idempotencyKey: keyOf(next),
    });
    expect(unsaved.status).toBe(303);
    expect((await book(customer.token)).map((a) => a.line1)).toEqual([
      "3 Third Street",
      "1 First Street",
      "2 Second Street",
    ]);
  });
});
