import { describe, expect, it } from "vitest";
import { addToCart, checkout, checkoutBody, type OrderBody, stockedSku } from "../checkout-helpers";
import { call, freshIp, guest, register, unique } from "../helpers";
import { settleCart } from "../process-harness";
import { authenticate, cardToken, THREE_DS } from "./stripe-helpers";

interface CartBody {
  items: { sku: string; quantity: number }[];
}

const linesOf = async (token: string) => {
  const cart = (await (await call("GET", "/api/v1/cart", { token })).json()) as CartBody;
  return cart.items.map((i) => [i.sku, i.quantity]);
};

/**
 * A customer whose one-unit checkout waits for 3-D Secure (the cart locked), and a guest with
 * three units of another sku in their cart.
 */
async function lockedCustomerAndGuest() {
  const customer = await register();
  const bought = await stockedSku(5);
  const guestSku = (await stockedSku(5)).sku;
  expect((await addToCart(customer.token, bought.sku, 1)).status).toBe(200);
  const key = unique("key");
  const body = checkoutBody(await cardToken(THREE_DS));
  const waiting = await checkout(customer.token, body, key);
  expect(waiting.status).toBe(402);
  const { clientSecret } = (await waiting.json()) as { clientSecret: string };
  const visitor = await guest();
  expect((await addToCart(visitor.token, guestSku, 3)).status).toBe(200);
  const login = () =>
    call("POST", "/api/v1/auth/login", {
      body: { email: customer.email, password: customer.password },
      headers: { "x-guest-token": visitor.token, "cf-connecting-ip": freshIp() },
    });
  const finish = () => checkout(customer.token, body, key);
  return { customer, visitor, bought: bought.sku, guestSku, clientSecret, login, finish };
}

describe("a login merge while the customer's cart is being checked out", () => {
  it("keeps the guest's lines until the checkout has finished, then merges them", async () => {
    const t = await lockedCustomerAndGuest();
    expect((await t.login()).status).toBe(200);
    // Still locked: the guest keeps the lines, the order's cart is untouched.
    expect(await linesOf(t.visitor.token)).toEqual([[t.guestSku, 3]]);
    expect(await linesOf(t.customer.token)).toEqual([[t.bought, 1]]);

    await authenticate(t.clientSecret, "complete");
    const paid = await t.finish();
    expect(paid.status).toBe(201);
    expect(((await paid.json()) as OrderBody).lines.map((l) => l.sku)).toEqual([t.bought]);
    expect(await linesOf(t.customer.token)).toEqual([[t.guestSku, 3]]);
    expect(await linesOf(t.visitor.token)).toEqual([]);
  });

  it("merges into the cart a declined checkout gave back", async () => {
    const t = await lockedCustomerAndGuest();
    expect((await t.login()).status).toBe(200);
    await authenticate(t.clientSecret, "fail");
    expect((await t.finish()).status).toBe(402);
    expect(await linesOf(t.customer.token)).toEqual([
      [t.bought, 1],
      [t.guestSku, 3],
    ]);
    expect(await linesOf(t.visitor.token)).toEqual([]);
  });

  it("loses no line and adds none to the order when the merge races the checkout's end", async () => {
    for (let trial = 0; trial < 4; trial++) {
      const t = await lockedCustomerAndGuest();
      await authenticate(t.clientSecret, "complete");
      const racers = [t.login(), t.finish()];
      const [login, paid] = await Promise.all(trial % 2 === 0 ? racers : racers.reverse());
      const answers = trial % 2 === 0 ? { login, paid } : { login: paid, paid: login };
      expect(answers.login?.status).toBe(200);
      expect(answers.paid?.status).toBe(201);
      const order = (await answers.paid?.json()) as OrderBody;
      expect(order.lines.map((l) => [l.sku, l.quantity])).toEqual([[t.bought, 1]]);
      await settleCart(t.customer.shopper.id);
      // Exactly the guest's three units, once, in one of the two carts: never dropped, never doubled.
      expect(await linesOf(t.customer.token)).toEqual([[t.guestSku, 3]]);
      expect(await linesOf(t.visitor.token)).toEqual([]);
    }
  });
});
