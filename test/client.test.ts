import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { storefrontClient } from "../src/client";
import { stockedSku } from "./checkout-helpers";
import { ORIGIN, unique } from "./helpers";

/** The typed client, talking to the Worker in this test's workerd. */
const shop = storefrontClient(ORIGIN, {
  fetch: (input: RequestInfo | URL, init?: RequestInit) =>
    exports.default.fetch(new Request(input, init)),
});

describe("the typed client", () => {
  it("drives a whole purchase with types: guest, product, cart, checkout, order", async () => {
    const item = await stockedSku(5, 2500);
    const guest = await (await shop.api.v1.auth.guest.$post({ json: {} })).json();
    const auth = { headers: { authorization: `Bearer ${guest.token}` } };

    const product = await shop.api.v1.products[":slug"].$get({ param: { slug: item.slug } });
    expect(product.status).toBe(200);
    if (product.status !== 200) return;
    const [variant] = (await product.json()).variants;
    expect(variant?.available).toBe(5);

    const cart = await shop.api.v1.cart.items.$post({ json: { sku: item.sku, quantity: 2 } }, auth);
    expect(cart.status).toBe(200);

    const paid = await shop.api.v1.checkout.$post(
      {
        header: { "idempotency-key": unique("client-key") },
        json: {
          email: "ada@example.com",
          shippingAddress: {
            name: "Ada Lovelace",
            line1: "1 Main St",
            city: "Springfield",
            postalCode: "12345",
            country: "US",
          },
          payment: { token: "tok_visa" },
          expectedTotal: { amount: 5000, currency: "USD" },
        },
      },
      auth,
    );
    expect(paid.status).toBe(201);
    if (paid.status !== 201) return;
    const order = await paid.json();
    expect(order.total).toEqual({ amount: 5000, currency: "USD" });

    const mine = await shop.api.v1.orders[":id"].$get({ param: { id: order.id } }, auth);
    expect(mine.status).toBe(200);
    if (mine.status === 200) expect((await mine.json()).status).toBe("paid");
  });
});
