import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type CheckoutDeps, runCheckout } from "../src/checkout/saga";
import { inventoryStub } from "../src/inventory";
import { testPaymentProvider } from "../src/payments/test-provider";
import { address, stockedSku, stockOf } from "./checkout-helpers";
import { guest, unique } from "./helpers";

/** The real dependencies of the saga, with one of them made to fail. */
function deps(overrides: Partial<CheckoutDeps> = {}): CheckoutDeps {
  return {
    db: env.DB,
    stock: (sku) => inventoryStub(env.INVENTORY, sku),
    payments: testPaymentProvider,
    enqueueFulfillment: async (orderId) => {
      await env.FULFILLMENT.send({ orderId });
    },
    rules: { currency: "USD", shippingFlat: 500, freeShippingOver: 5000, holdTtlMs: 600_000 },
    ...overrides,
  };
}

/** A D1 binding whose batches fail: the order write dies after the stock is held. */
const failingBatchDb = new Proxy(env.DB, {
  get(target, prop) {
    if (prop === "batch") return async () => Promise.reject(new Error("D1 is down"));
    const value = Reflect.get(target, prop);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

async function request(skus: { sku: string; quantity: number }[]) {
  const { shopper } = await guest();
  return {
    shopperId: shopper.id,
    email: "ada@example.com",
    shippingAddress: address,
    paymentToken: "tok_visa",
    lines: skus,
  };
}

async function ordersOf(shopperId: string) {
  const { results } = await env.DB.prepare("SELECT status FROM orders WHERE shopper_id = ?")
    .bind(shopperId)
    .all<{ status: string }>();
  return results.map((r) => r.status);
}

describe("checkout compensation", () => {
  it("releases every hold when the order write fails", async () => {
    const a = await stockedSku(5);
    const b = await stockedSku(5);
    const req = await request([
      { sku: a.sku, quantity: 2 },
      { sku: b.sku, quantity: 3 },
    ]);
    // lookupSkus uses batch too, so only fail batches after the catalog was read.
    let batches = 0;
    const db = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") {
          return (statements: D1PreparedStatement[]) =>
            ++batches === 1 ? target.batch(statements) : Promise.reject(new Error("D1 is down"));
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(runCheckout(deps({ db }), req)).rejects.toThrow("D1 is down");
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await stockOf(b.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await ordersOf(req.shopperId)).toEqual([]);
  });

  it("fails cleanly when D1 is down from the start", async () => {
    const a = await stockedSku(5);
    const req = await request([{ sku: a.sku, quantity: 1 }]);
    await expect(runCheckout(deps({ db: failingBatchDb }), req)).rejects.toThrow();
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });
  });

  it("releases the holds and marks the order when the payment provider errors", async () => {
    const a = await stockedSku(5);
    const req = await request([{ sku: a.sku, quantity: 2 }]);
    const broken = {
      ...testPaymentProvider,
      authorize: async () => Promise.reject(new Error("provider timeout")),
    };
    await expect(runCheckout(deps({ payments: broken }), req)).rejects.toThrow("provider timeout");
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await ordersOf(req.shopperId)).toEqual(["payment_failed"]);
  });

  it("voids the authorization when capture fails", async () => {
    const a = await stockedSku(5);
    const req = await request([{ sku: a.sku, quantity: 1 }]);
    const refunds: string[] = [];
    const flaky = {
      ...testPaymentProvider,
      capture: async () => Promise.reject(new Error("capture failed")),
      refund: async (r: { paymentId: string; idempotencyKey: string }) => {
        refunds.push(r.paymentId);
        return { refundId: "re_1" };
      },
    };
    await expect(runCheckout(deps({ payments: flaky }), req)).rejects.toThrow("capture failed");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatch(/^auth_test_/);
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await ordersOf(req.shopperId)).toEqual(["payment_failed"]);
  });

  it("still pays the order when only the fulfillment enqueue fails, and records it", async () => {
    const a = await stockedSku(5);
    const req = await request([{ sku: a.sku, quantity: 1 }]);
    const { order } = await runCheckout(
      deps({ enqueueFulfillment: async () => Promise.reject(new Error("queue down")) }),
      req,
    );
    expect(order.status).toBe("paid");
    expect(order.events.map((e) => e.type)).toContain("fulfillment_enqueue_failed");
  });
});

describe("holds", () => {
  it("releases a stranded hold when its alarm fires", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    expect(await stub.hold(unique("stranded"), 3, 0)).toMatchObject({
      ok: true,
      level: { reserved: 3 },
    });
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 3, available: 2 });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  it("keeps a hold whose time has not come when the alarm fires early for a publish", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    await stub.hold(unique("live"), 2, 600_000);
    await runDurableObjectAlarm(stub);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 2 });
    const snapshot = await env.DB.prepare("SELECT reserved FROM stock_levels WHERE sku = ?")
      .bind(a.sku)
      .first<{ reserved: number }>();
    expect(snapshot?.reserved).toBe(2);
  });

  it("is idempotent by hold id for hold, commit and release", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    const id = unique("hold");
    const first = await stub.hold(id, 2, 600_000);
    expect(await stub.hold(id, 2, 600_000)).toEqual(first);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 2 });
    await stub.commit(id);
    expect(await stub.commit(id)).toMatchObject({ ok: true });
    expect(await stub.release(id)).toEqual({ ok: false, reason: "committed" });
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 3, reserved: 0 });
    const other = unique("hold");
    await stub.hold(other, 1, 600_000);
    await stub.release(other);
    expect(await stub.release(other)).toMatchObject({ ok: true });
    expect(await stub.commit(other)).toEqual({ ok: false, reason: "released" });
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it("refuses a hold beyond what is available, and keeps available right while holds exist", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    await stub.hold(unique("h"), 4, 600_000);
    expect(await stub.hold(unique("h"), 2, 600_000)).toEqual({
      ok: false,
      reason: "insufficient",
      available: 1,
    });
    await stub.setOnHand(a.sku, 3);
    expect(await stockOf(a.sku)).toEqual({ sku: a.sku, onHand: 3, reserved: 4, available: 0 });
  });

  it("will not commit a hold whose units an admin took away", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    const id = unique("h");
    await stub.hold(id, 4, 600_000);
    await stub.setOnHand(a.sku, 2);
    expect(await stub.commit(id)).toMatchObject({ ok: false, reason: "insufficient" });
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 2, reserved: 0 });
  });
});
