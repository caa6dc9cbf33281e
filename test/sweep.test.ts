import {
  createExecutionContext,
  createScheduledController,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sweepOrders } from "../src/orders/sweep";
import { finishPendingRefunds } from "../src/refunds/refund";
import { refundDeps } from "../workers/deps";
import worker from "../workers/index";
import {
  addToCart,
  cartStub,
  checkout,
  checkoutBody,
  type OrderBody,
  stockedSku,
  stockOf,
} from "./checkout-helpers";
import { adminCall, call, guest, unique } from "./helpers";
import {
  cancelOrder,
  deliverFulfillment,
  inject,
  orderStatus,
  ordersOf,
  paidUnshippedOrder,
  paymentsOf,
  settleCart,
} from "./process-harness";

/** Makes an order look placed ten minutes ago, as the sweep would find it. */
const age = (orderId: string) =>
  env.DB.prepare("UPDATE orders SET created_at = ? WHERE id = ?")
    .bind(new Date(Date.now() - 600_000).toISOString(), orderId)
    .run();

/** The sweep with the real bindings, but fulfillment re-sends delivered at once (as the queue would). */
async function sweep() {
  const resent: string[] = [];
  const report = await sweepOrders({
    db: env.DB,
    repairOrder: (shopperId, orderId) => cartStub(shopperId).repairOrder(orderId),
    resendFulfillment: async (ids) => {
      resent.push(...ids);
      for (const id of ids) await deliverFulfillment(id);
    },
    finishRefunds: (now) => finishPendingRefunds(refundDeps(env), now),
  });
  return { report, resent };
}

async function cartWith(units: number) {
  const shopper = await guest();
  const item = await stockedSku(5);
  await addToCart(shopper.token, item.sku, units);
  return { ...shopper, item };
}

describe("reconciliation sweep", () => {
  it("settles a checkout that crashed after writing its order, when its alarm never came", async () => {
    const s = await cartWith(2);
    await inject(s.shopper.id, { step: "checkout:recording", at: "after", kind: "crash" });
    const key = unique("key");
    expect((await checkout(s.token, checkoutBody(), key)).status).toBe(503);
    const [order] = await ordersOf(s.shopper.id);
    expect(order?.status).toBe("pending_payment");
    await age(order?.id ?? "");
    const { report } = await sweep();
    expect(report.checkoutsSettled).toBeGreaterThanOrEqual(1);
    expect((await ordersOf(s.shopper.id)).map((o) => o.status)).toEqual(["payment_failed"]);
    expect(await stockOf(s.item.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    const replay = await checkout(s.token, checkoutBody(), key);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { code: string }).code).toBe("checkout_interrupted");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });

  it("marks an order whose checkout record is gone as failed, charging nothing", async () => {
    const { shopper } = await guest();
    const id = `ord_${unique("orphan").replace(/[^a-z0-9]/g, "")}`;
    await env.DB.prepare(
      `INSERT INTO orders (id, shopper_id, status, email, shipping_address, currency, subtotal, shipping, total, created_at, updated_at)
       VALUES (?1, ?2, 'pending_payment', 'a@example.com', '{}', 'USD', 100, 500, 600, ?3, ?3)`,
    )
      .bind(id, shopper.id, new Date(Date.now() - 600_000).toISOString())
      .run();
    await sweep();
    const order = (await (
      await adminCall("GET", `/api/v1/admin/orders/${id}`)
    ).json()) as OrderBody;
    expect(order.status).toBe("payment_failed");
    expect(paymentsOf([id])).toEqual([]);
  });

  it("sends a paid order's fulfillment again when the message was lost", async () => {
    const s = await cartWith(1);
    // The first send fails, and the cart's own alarm is not run: only the sweep is left.
    await inject(s.shopper.id, { step: "checkout:fulfilling", at: "before", kind: "error" });
    const paid = (await (await checkout(s.token)).json()) as OrderBody;
    expect(paid.status).toBe("paid");
    await age(paid.id);
    const { resent } = await sweep();
    expect(resent).toContain(paid.id);
    const order = (await (
      await call("GET", `/api/v1/orders/${paid.id}`, { token: s.token })
    ).json()) as OrderBody;
    expect(order.status).toBe("fulfilled");
    expect(order.events.filter((e) => e.type === "fulfilled")).toHaveLength(1);
  });

  it("finishes a cancel that stopped after its claim", async () => {
    const s = await cartWith(2);
    const paid = (await (await checkout(s.token)).json()) as OrderBody;
    await inject(s.shopper.id, { step: "cancel:claiming", at: "after", kind: "crash" });
    await call("POST", `/api/v1/orders/${paid.id}/cancel`, { token: s.token });
    // The cart object's record of the cancel is gone too: the sweep starts over from the refund.
    await runInDurableObject(cartStub(s.shopper.id), (_cart, state) => {
      state.storage.sql.exec("DELETE FROM cancellations");
    });
    await age(paid.id);
    const { report } = await sweep();
    expect(report.failures).toBe(0);
    const order = (await (
      await call("GET", `/api/v1/orders/${paid.id}`, { token: s.token })
    ).json()) as OrderBody;
    expect(order.status).toBe("cancelled");
    expect(order.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["cancelled", "refunded", "restocked"]),
    );
    expect(paymentsOf([paid.id]).map((p) => p.state)).toEqual(["refunded"]);
    expect(await stockOf(s.item.sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("runs from the cron trigger and reports what it did to admins", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const res = await adminCall("GET", "/api/v1/admin/sweeps");
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { at: string; failures: number }[] };
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items[0]).toMatchObject({ failures: 0 });
  });
});

describe("fulfillment against a racing cancel", () => {
  for (const first of ["cancel", "message", "both at once"] as const) {
    it(`ships or cancels an order, never both, when the ${first === "both at once" ? "cancel and the message come at once" : `${first} comes first`}`, async () => {
      const s = await paidUnshippedOrder();
      const cancel = () => cancelOrder(s);
      const message = () => deliverFulfillment(s.order.id);
      let cancelled: Response;
      if (first === "cancel") {
        cancelled = await cancel();
        await message();
      } else if (first === "message") {
        await message();
        cancelled = await cancel();
      } else {
        [cancelled] = await Promise.all([cancel(), message()]);
      }
      await settleCart(s.shopper.id);
      const status = await orderStatus(s);
      const { results: events } = await env.DB.prepare(
        "SELECT type FROM order_events WHERE order_id = ? AND type IN ('fulfilled', 'cancelled')",
      )
        .bind(s.order.id)
        .all<{ type: string }>();
      const { results: outbox } = await env.DB.prepare(
        "SELECT kind FROM outbox WHERE order_id = ? ORDER BY id",
      )
        .bind(s.order.id)
        .all<{ kind: string }>();
      const [payment] = paymentsOf([s.order.id]);
      if (cancelled.status === 200) {
        // The cancel won: never shipped, never told it shipped, refunded.
        expect(status).toBe("cancelled");
        expect(events.map((e) => e.type)).toEqual(["cancelled"]);
        expect(outbox.map((o) => o.kind)).toEqual(["order_confirmed", "order_cancelled"]);
        expect(payment?.state).toBe("refunded");
      } else {
        // The shipment won: the cancel was refused and nothing was refunded.
        expect(cancelled.status).toBe(409);
        expect(status).toBe("fulfilled");
        expect(events.map((e) => e.type)).toEqual(["fulfilled"]);
        expect(outbox.map((o) => o.kind)).toEqual(["order_confirmed", "order_shipped"]);
        expect(payment?.state).toBe("captured");
      }
      if (first === "cancel") expect(cancelled.status).toBe(200);
      if (first === "message") expect(cancelled.status).toBe(409);
    });
  }
});
