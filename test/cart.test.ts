import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import cartMigrations from "../durable-objects/migrations/cart/migrations.js";
import { readConfig } from "../src/config";
import { cartStub, checkout, checkoutBody } from "./checkout-helpers";
import {
  adminCall,
  call,
  createProduct,
  freshIp,
  guest,
  newProduct,
  problemOf,
  register,
  unique,
} from "./helpers";

interface Cart {
  items: {
    sku: string;
    productSlug: string;
    title: string;
    unitPrice: { amount: number };
    quantity: number;
    lineTotal: { amount: number };
  }[];
  itemCount: number;
  subtotal: { amount: number; currency: string };
  total: { amount: number; currency: string };
  updatedAt: string;
}

async function stocked(stock: number, price = 1500) {
  const { input } = await createProduct({
    variants: [
      { sku: unique("SKU"), title: "Default", price: { amount: price, currency: "USD" }, stock },
    ],
  });
  return { slug: input.slug, sku: input.variants[0]?.sku ?? "" };
}

const add = (token: string, sku: string, quantity: number) =>
  call("POST", "/api/v1/cart/items", { token, body: { sku, quantity } });
const cartOf = async (token: string) =>
  (await (await call("GET", "/api/v1/cart", { token })).json()) as Cart;

describe("cart basics", () => {
  it("needs a shopper token", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/cart"],
      ["POST", "/api/v1/cart/items"],
      ["DELETE", "/api/v1/cart"],
    ] as const) {
      expect((await call(method, path)).status).toBe(401);
    }
  });

  it("starts empty", async () => {
    const { token } = await guest();
    const usd = (amount: number) => ({ amount, currency: "USD" });
    expect(await cartOf(token)).toEqual({
      items: [],
      itemCount: 0,
      subtotal: usd(0),
      updatedAt: expect.any(String),
      // The markets' additions: the default market, no tax set up, nothing to ship yet.
      market: "default",
      country: null,
      discounts: [],
      shipping: usd(0),
      tax: usd(0),
      taxLines: [],
      total: usd(0),
      pricesIncludeTax: false,
    });
  });

  it("adds, adds to the same line, changes, removes and clears", async () => {
    const { token } = await guest();
    const a = await stocked(10, 1250);
    const b = await stocked(10, 300);
    expect((await add(token, a.sku, 2)).status).toBe(200);
    const res = await add(token, a.sku, 3);
    expect(await res.json()).toMatchObject({
      items: [
        {
          sku: a.sku,
          productSlug: a.slug,
          title: expect.any(String),
          unitPrice: { amount: 1250, currency: "USD" },
          quantity: 5,
          lineTotal: { amount: 6250, currency: "USD" },
        },
      ],
      itemCount: 5,
      subtotal: { amount: 6250, currency: "USD" },
    });
    await add(token, b.sku, 1);
    const patched = await call("PATCH", `/api/v1/cart/items/${a.sku}`, {
      token,
      body: { quantity: 1 },
    });
    expect(((await patched.json()) as Cart).subtotal.amount).toBe(1550);

    const removed = await call("DELETE", `/api/v1/cart/items/${b.sku}`, { token });
    expect(((await removed.json()) as Cart).items.map((i) => i.sku)).toEqual([a.sku]);

    const zero = await call("PATCH", `/api/v1/cart/items/${a.sku}`, {
      token,
      body: { quantity: 0 },
    });
    expect(((await zero.json()) as Cart).items).toEqual([]);

    await add(token, b.sku, 2);
    expect((await call("DELETE", "/api/v1/cart", { token })).status).toBe(204);
    expect((await cartOf(token)).items).toEqual([]);
  });

  it("answers each add with the cart a read finds right after, lines in the order added", async () => {
    const { token } = await guest();
    const items = [await stocked(10, 700), await stocked(10, 300), await stocked(10, 1250)];
    for (const [i, item] of [...items, items[0], items[2]].entries()) {
      const answer = (await (await add(token, item?.sku ?? "", i + 1)).json()) as Cart;
      expect(answer).toEqual(await cartOf(token));
    }
    const cart = await cartOf(token);
    expect(cart.items.map((i) => [i.sku, i.quantity])).toEqual([
      [items[0]?.sku, 1 + 4],
      [items[1]?.sku, 2],
      [items[2]?.sku, 3 + 5],
    ]);
  });

  it("answers 404 for an unknown or archived sku and for a line not in the cart", async () => {
    const { token } = await guest();
    const gone = await stocked(5);
    await adminCall("DELETE", `/api/v1/admin/products/${gone.slug}`);
    for (const sku of ["NO-SUCH-SKU", gone.sku]) {
      const res = await add(token, sku, 1);
      expect(res.status, sku).toBe(404);
      expect((await problemOf(res)).code).toBe("not_found");
    }
    const res = await call("PATCH", "/api/v1/cart/items/NO-SUCH-SKU", {
      token,
      body: { quantity: 2 },
    });
    expect(res.status).toBe(404);
  });

  it("drops a line whose product is archived after it was added", async () => {
    const { token } = await guest();
    const item = await stocked(5);
    await add(token, item.sku, 1);
    await adminCall("DELETE", `/api/v1/admin/products/${item.slug}`);
    expect((await cartOf(token)).items).toEqual([]);
  });

  it("answers 409 insufficient_stock past what is available now", async () => {
    const { token } = await guest();
    const item = await stocked(5);
    const tooMany = await add(token, item.sku, 6);
    expect(tooMany.status).toBe(409);
    const problem = await problemOf(tooMany);
    expect(problem.code).toBe("insufficient_stock");
    expect(problem.errors).toEqual([{ path: `items.${item.sku}`, message: "only 5 available" }]);
    await add(token, item.sku, 3);
    expect((await add(token, item.sku, 3)).status).toBe(409);
    expect(
      (await call("PATCH", `/api/v1/cart/items/${item.sku}`, { token, body: { quantity: 6 } }))
        .status,
    ).toBe(409);
    expect((await cartOf(token)).items[0]?.quantity).toBe(3);
  });

  it("validates quantities and bodies", async () => {
    const { token } = await guest();
    const item = await stocked(500);
    for (const body of [
      { sku: item.sku, quantity: 0 },
      { sku: item.sku, quantity: 100 },
      { sku: item.sku, quantity: 1.5 },
      { sku: item.sku },
      { sku: item.sku, quantity: 1, price: { amount: 1, currency: "USD" } },
    ]) {
      const res = await call("POST", "/api/v1/cart/items", { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(res)).code).toBe("validation_failed");
    }
    await add(token, item.sku, 90);
    const over = await add(token, item.sku, 10);
    expect(over.status).toBe(400);
    expect((await problemOf(over)).errors?.[0]?.path).toBe("quantity");
    const patch = await call("PATCH", `/api/v1/cart/items/${item.sku}`, {
      token,
      body: { quantity: 100 },
    });
    expect(patch.status).toBe(400);
  });

  it("holds at most 50 lines", async () => {
    const { token } = await guest();
    const products = Array.from({ length: 51 }, () => newProduct());
    expect((await adminCall("POST", "/api/v1/admin/products/bulk", { products })).status).toBe(201);
    const skus = products.map((p) => p.variants[0]?.sku ?? "");
    for (const sku of skus.slice(0, 50)) expect((await add(token, sku, 1)).status).toBe(200);
    const res = await add(token, skus[50] ?? "", 1);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).code).toBe("validation_failed");
    expect((await add(token, skus[0] ?? "", 1)).status).toBe(200);
    expect((await cartOf(token)).items).toHaveLength(50);
  });
});

describe("cart consistency", () => {
  it("loses no update when 100 adds hit one cart at once", async () => {
    const { token } = await guest();
    const item = await stocked(1000);
    const responses = await Promise.all(Array.from({ length: 100 }, () => add(token, item.sku, 1)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(99);
    const failures = responses.filter((r) => r.status !== 200);
    expect(failures).toHaveLength(1);
    const problem = await problemOf(failures[0] as Response);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors?.[0]?.path).toBe("quantity");
    expect((await cartOf(token)).items[0]?.quantity).toBe(99);
  });

  it("keeps each shopper to their own cart", async () => {
    const alice = await guest();
    const bob = await guest();
    const item = await stocked(10);
    await add(alice.token, item.sku, 2);
    expect((await cartOf(bob.token)).items).toEqual([]);
    await call("DELETE", "/api/v1/cart", { token: bob.token });
    await call("DELETE", `/api/v1/cart/items/${item.sku}`, { token: bob.token });
    expect((await cartOf(alice.token)).items[0]?.quantity).toBe(2);
  });

  it("shows the catalog's current price after an admin price change", async () => {
    const { token } = await guest();
    const item = await stocked(10, 1000);
    await add(token, item.sku, 2);
    await adminCall("PATCH", `/api/v1/admin/products/${item.slug}`, {
      title: "Repriced thing",
      variants: [{ sku: item.sku, price: { amount: 1234, currency: "USD" } }],
    });
    const cart = await cartOf(token);
    expect(cart.items[0]).toMatchObject({
      title: "Repriced thing",
      unitPrice: { amount: 1234 },
      lineTotal: { amount: 2468 },
    });
    expect(cart.subtotal.amount).toBe(2468);
  });

  it("views the cart at D1's prices, as checkout charges them, where the catalog version lags", async () => {
    const { token } = await guest();
    const item = await stocked(10, 1000);
    const before = await env.CATALOG_CACHE.get("catalog:version");
    await add(token, item.sku, 2);
    await adminCall("PATCH", `/api/v1/admin/products/${item.slug}`, {
      variants: [{ sku: item.sku, price: { amount: 1200, currency: "USD" } }],
    });
    // A location that has not seen the new version yet: KV lags there for up to a minute.
    const after = await env.CATALOG_CACHE.get("catalog:version");
    await env.CATALOG_CACHE.put("catalog:version", before ?? "0");
    try {
      // An edit may answer from the rows it keeps for the old version...
      const added = (await (await add(token, item.sku, 1)).json()) as Cart;
      expect(added.items[0]?.quantity).toBe(3);
      // ...but the cart's view is D1's, so the total the shopper is shown is the one charged.
      const cart = await cartOf(token);
      expect(cart.subtotal.amount).toBe(3600);
      const expectedTotal = cart.total;
      expect(expectedTotal.amount).toBe(3600 + readConfig(env).shippingFlat);
      const paid = await checkout(token, { ...checkoutBody(), expectedTotal });
      expect(paid.status).toBe(201);
    } finally {
      if (after) await env.CATALOG_CACHE.put("catalog:version", after);
    }
  });
});

describe("guest to customer", () => {
  it("merges the guest's cart into the customer's at login and empties the guest's", async () => {
    const shared = await stocked(10);
    const guestOnly = await stocked(3);
    const customer = await register();
    await add(customer.token, shared.sku, 8);

    const visitor = await guest();
    await add(visitor.token, shared.sku, 5);
    await add(visitor.token, guestOnly.sku, 3);

    const res = await call("POST", "/api/v1/auth/login", {
      body: { email: customer.email, password: customer.password },
      headers: { "x-guest-token": visitor.token, "cf-connecting-ip": freshIp() },
    });
    expect(res.status).toBe(200);
    const merged = await cartOf(customer.token);
    // 8 + 5 is capped at the 10 in stock.
    expect(merged.items.map((i) => [i.sku, i.quantity])).toEqual([
      [shared.sku, 10],
      [guestOnly.sku, 3],
    ]);
    expect((await cartOf(visitor.token)).items).toEqual([]);
  });

  it("merges once when a login stopped after noting the merge, or after merging before the guest's cart was emptied", async () => {
    for (const stop of ["after noting", "after merging"]) {
      const item = await stocked(10);
      const customer = await register();
      const visitor = await guest();
      await add(visitor.token, item.sku, 3);
      const version = await runInDurableObject(cartStub(visitor.shopper.id), (_cart, state) =>
        Number(state.storage.sql.exec("SELECT value FROM meta WHERE key = 'version'").one().value),
      );
      // The customer's cart as the stop left it: the merge noted, and maybe its lines and mark.
      await runInDurableObject(cartStub(customer.shopper.id), (_cart, state) => {
        const sql = state.storage.sql;
        sql.exec("INSERT INTO meta (key, value) VALUES (?, '0')", `merge:${visitor.shopper.id}`);
        if (stop === "after noting") return;
        sql.exec(
          "INSERT INTO lines (sku, quantity, added_at) VALUES (?, 3, ?)",
          item.sku,
          Date.now(),
        );
        sql.exec(
          "INSERT INTO meta (key, value) VALUES (?, '1')",
          `merged:${visitor.shopper.id}:${version}`,
        );
      });
      // The next look at the customer's cart finishes the merge: three units, once.
      expect(
        (await cartOf(customer.token)).items.map((i) => [i.sku, i.quantity]),
        stop,
      ).toEqual([[item.sku, 3]]);
      expect((await cartOf(visitor.token)).items, stop).toEqual([]);
      expect(
        (await cartOf(customer.token)).items.map((i) => i.quantity),
        stop,
      ).toEqual([3]);
    }
  });

  it("keeps a guest's lines that changed after the merge looked at them", async () => {
    const item = await stocked(10);
    const later = await stocked(10);
    const visitor = await guest();
    await add(visitor.token, item.sku, 2);
    const stub = cartStub(visitor.shopper.id);
    const { version } = await stub.handOver();
    await add(visitor.token, later.sku, 1);
    expect(await stub.forgetHandedOver(version)).toBe(false);
    expect((await cartOf(visitor.token)).items).toHaveLength(2);
  });

  it("ignores an invalid guest token at login", async () => {
    const customer = await register();
    const res = await call("POST", "/api/v1/auth/login", {
      body: { email: customer.email, password: customer.password },
      headers: { "x-guest-token": "garbage", "cf-connecting-ip": freshIp() },
    });
    expect(res.status).toBe(200);
  });
});

describe("abandoned carts", () => {
  it("schedules expiry 30 days after the last change and deletes itself when it fires", async () => {
    const { token, shopper } = await guest();
    const item = await stocked(5);
    const before = Date.now();
    await add(token, item.sku, 1);
    const stub = env.CART.get(env.CART.idFromName(shopper.id));
    const alarm = await runInDurableObject(stub, (_cart, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(alarm).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);

    // An early alarm (one armed for a checkout, say) leaves a cart whose time has not come.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await cartOf(token)).items).toHaveLength(1);

    // Thirty days on: nobody touched it.
    await runInDurableObject(stub, (_cart, state) => {
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'expires_at'", Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const rows = await runInDurableObject(stub, (_cart, state) =>
      state.storage.sql
        .exec("SELECT * FROM lines UNION ALL SELECT key, value, 0 FROM meta")
        .toArray(),
    );
    expect(rows).toEqual([]);
    expect((await cartOf(token)).items).toEqual([]);
    // Wiped and migrated afresh, with the note that spares the next wake-up the migrations.
    expect(await appliedMigration(stub)).toBe(LATEST_CART_MIGRATION);
  });

  it("notes its latest migration, so an object that wakes up skips them", async () => {
    const { token, shopper } = await guest();
    await add(token, (await stocked(5)).sku, 1);
    const stub = env.CART.get(env.CART.idFromName(shopper.id));
    expect(await appliedMigration(stub)).toBe(LATEST_CART_MIGRATION);
  });
});

const LATEST_CART_MIGRATION = cartMigrations.journal.entries.at(-1)?.when;

const appliedMigration = (stub: DurableObjectStub) =>
  runInDurableObject(stub, (_cart, state) => state.storage.kv.get("schema:applied"));
