import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { trackingNumberFor } from "../src/fulfillment/fulfill";
import worker from "../workers/index";
import { addToCart, checkout, type OrderBody, stockedSku, stockOf } from "./checkout-helpers";
import { adminCall, call, guest, problemOf } from "./helpers";

async function paidOrder(quantity = 1, price = 1500) {
  const shopper = await guest();
  const item = await stockedSku(10, price);
  await addToCart(shopper.token, item.sku, quantity);
  const res = await checkout(shopper.token);
  expect(res.status).toBe(201);
  return { ...shopper, item, order: (await res.json()) as OrderBody };
}

async function deliver(queue: string, body: unknown, attempts = 1, runEnv: Env = env) {
  return deliverBatch(queue, [body], attempts, runEnv);
}

/** One batch of messages with `bodies`, their ids `m-0`, `m-1`, ... in that order. */
async function deliverBatch(queue: string, bodies: unknown[], attempts = 1, runEnv: Env = env) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, runEnv);
  return getQueueResult(batch, ctx);
}

const adminOrder = async (id: string) =>
  (await (await adminCall("GET", `/api/v1/admin/orders/${id}`)).json()) as OrderBody & {
    shopperId: string;
  };

describe("fulfillment queue", () => {
  it("fulfills once when a message is delivered twice", async () => {
    const { order } = await paidOrder();
    for (let i = 0; i < 2; i++) {
      const result = await deliver("fulfillment", { orderId: order.id });
      expect(result.explicitAcks).toHaveLength(1);
      expect(result.retryMessages).toEqual([]);
    }
    const stored = await adminOrder(order.id);
    expect(stored.status).toBe("fulfilled");
    expect(stored.events.filter((e) => e.type === "fulfilled")).toHaveLength(1);
    const outbox = await env.DB.prepare(
      "SELECT count(*) AS n FROM outbox WHERE order_id = ? AND kind = 'order_shipped'",
    )
      .bind(order.id)
      .first<{ n: number }>();
    expect(outbox?.n).toBe(1);
  });

  it("retries a failing message with backoff, then the dead-letter queue marks fulfillment_failed", async () => {
    const { order } = await paidOrder();
    const brokenDb = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") return async () => Promise.reject(new Error("D1 write failed"));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    for (let attempts = 1; attempts <= 6; attempts++) {
      const result = await deliver("fulfillment", { orderId: order.id }, attempts, {
        ...env,
        DB: brokenDb,
      });
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages).toHaveLength(1);
    }
    expect((await adminOrder(order.id)).status).toBe("paid");

    const dead = await deliver("fulfillment-dlq", { orderId: order.id });
    expect(dead.explicitAcks).toHaveLength(1);
    const failed = await adminOrder(order.id);
    expect(failed.status).toBe("fulfillment_failed");
    expect(failed.events.map((e) => e.type)).toContain("fulfillment_failed");

    const list = (await (
      await adminCall("GET", "/api/v1/admin/orders?status=fulfillment_failed")
    ).json()) as {
      items: OrderBody[];
    };
    expect(list.items.map((o) => o.id)).toContain(order.id);
  });

  it("retries a malformed message and drops it once dead-lettered", async () => {
    const poison = await deliver("fulfillment", { order: "nope" });
    expect(poison.retryMessages).toHaveLength(1);
    const dead = await deliver("fulfillment-dlq", { order: "nope" });
    expect(dead.explicitAcks).toHaveLength(1);
  });

  it("ships a batch's orders together, yet acks or retries each message on its own", async () => {
    const [first, second, cancelled] = [await paidOrder(), await paidOrder(), await paidOrder()];
    await call("POST", `/api/v1/orders/${cancelled.order.id}/cancel`, { token: cancelled.token });
    const result = await deliverBatch("fulfillment", [
      { orderId: first.order.id },
      { orderId: "ord_nosuchorder000000000" },
      { order: "malformed" },
      { orderId: second.order.id },
      { orderId: first.order.id },
      { orderId: cancelled.order.id },
    ]);
    expect([...result.explicitAcks].sort()).toEqual(["m-0", "m-3", "m-4", "m-5"]);
    expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(["m-1", "m-2"]);
    const shippedEmails = async (orderId: string) =>
      (
        await env.DB.prepare(
          "SELECT count(*) AS n FROM outbox WHERE order_id = ? AND kind = 'order_shipped'",
        )
          .bind(orderId)
          .first<{ n: number }>()
      )?.n;
    for (const { order } of [first, second]) {
      const stored = await adminOrder(order.id);
      expect(stored.status).toBe("fulfilled");
      const shipped = stored.events.filter((e) => e.type === "fulfilled");
      expect(shipped).toHaveLength(1);
      expect(shipped[0]?.trackingNumber).toBe(await trackingNumberFor(order.id));
      expect(await shippedEmails(order.id)).toBe(1);
    }
    // A cancel that came first keeps its order cancelled, with no fulfilled event and no email.
    const stored = await adminOrder(cancelled.order.id);
    expect(stored.status).toBe("cancelled");
    expect(stored.events.map((e) => e.type)).not.toContain("fulfilled");
    expect(await shippedEmails(cancelled.order.id)).toBe(0);
  });

  it("retries a message whose order does not exist, and queues no email for it", async () => {
    const orderId = "ord_nosuchorder000000000";
    const result = await deliver("fulfillment", { orderId });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
    const outbox = await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE order_id = ?")
      .bind(orderId)
      .first<{ n: number }>();
    expect(outbox?.n).toBe(0);
  });

  it("does not fulfil a cancelled order", async () => {
    const { token, order } = await paidOrder();
    await call("POST", `/api/v1/orders/${order.id}/cancel`, { token });
    const result = await deliver("fulfillment", { orderId: order.id });
    expect(result.explicitAcks).toHaveLength(1);
    expect((await adminOrder(order.id)).status).toBe("cancelled");
  });
});

describe("orders", () => {
  it("lists a shopper's own orders, newest first, and pages them", async () => {
    const shopper = await guest();
    const item = await stockedSku(10);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      await addToCart(shopper.token, item.sku, 1);
      ids.push(((await (await checkout(shopper.token)).json()) as OrderBody).id);
    }
    const first = (await (
      await call("GET", "/api/v1/orders?limit=2", { token: shopper.token })
    ).json()) as {
      items: OrderBody[];
      nextCursor: string | null;
    };
    expect(first.items.map((o) => o.id)).toEqual([ids[2], ids[1]]);
    const second = (await (
      await call("GET", `/api/v1/orders?limit=2&cursor=${first.nextCursor}`, {
        token: shopper.token,
      })
    ).json()) as { items: OrderBody[]; nextCursor: string | null };
    expect(second.items.map((o) => o.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it("hides one shopper's order from another exactly like a missing one", async () => {
    const { order } = await paidOrder();
    const stranger = await guest();
    const theirs = await call("GET", `/api/v1/orders/${order.id}`, { token: stranger.token });
    const missing = await call("GET", "/api/v1/orders/ord_doesnotexist", { token: stranger.token });
    expect(theirs.status).toBe(404);
    expect(await problemOf(theirs)).toEqual(await problemOf(missing));
    expect(
      (await call("POST", `/api/v1/orders/${order.id}/cancel`, { token: stranger.token })).status,
    ).toBe(404);
    const list = (await (
      await call("GET", "/api/v1/orders", { token: stranger.token })
    ).json()) as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);
    expect((await adminOrder(order.id)).status).toBe("paid");
  });

  it("cancels a paid order, refunds it and returns the stock; only once, only from paid", async () => {
    const { token, item, order } = await paidOrder(3);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 7 });
    const res = await call("POST", `/api/v1/orders/${order.id}/cancel`, { token });
    expect(res.status).toBe(200);
    const cancelled = (await res.json()) as OrderBody;
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.events.map((e) => e.type)).toEqual([
      "created",
      "paid",
      "cancelled",
      "refunded",
      "restocked",
    ]);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 10, reserved: 0 });

    const again = await call("POST", `/api/v1/orders/${order.id}/cancel`, { token });
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe("conflict");
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 10 });

    const shipped = await paidOrder();
    await deliver("fulfillment", { orderId: shipped.order.id });
    const late = await call("POST", `/api/v1/orders/${shipped.order.id}/cancel`, {
      token: shipped.token,
    });
    expect(late.status).toBe(409);
  });
});

describe("sales report", () => {
  async function seedOrder(
    id: string,
    status: string,
    createdAt: string,
    lines: [string, number, number][],
  ) {
    const subtotal = lines.reduce((s, [, qty, price]) => s + qty * price, 0);
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO orders (id, shopper_id, status, email, shipping_address, currency, subtotal, shipping, total, created_at, updated_at)
         VALUES (?, 'gst_report', ?, 'r@example.com', '{}', 'USD', ?, 500, ?, ?, ?)`,
      ).bind(id, status, subtotal, subtotal + 500, createdAt, createdAt),
      ...lines.map(([sku, qty, price]) =>
        env.DB.prepare(
          `INSERT INTO order_lines (order_id, sku, title, variant_title, unit_price, quantity, line_total)
           VALUES (?, ?, 'T', 'V', ?, ?, ?)`,
        ).bind(id, sku, price, qty, qty * price),
      ),
    ]);
  }

  it("reports sold orders by day and top skus, leaving out cancelled and failed ones", async () => {
    await seedOrder("ord_r1", "paid", "2024-03-01T10:00:00.000Z", [
      ["R-A", 2, 1000],
      ["R-B", 1, 500],
    ]);
    await seedOrder("ord_r2", "fulfilled", "2024-03-01T23:59:59.000Z", [["R-A", 1, 1000]]);
    await seedOrder("ord_r3", "fulfillment_failed", "2024-03-03T00:00:00.000Z", [["R-C", 5, 200]]);
    await seedOrder("ord_r4", "cancelled", "2024-03-02T12:00:00.000Z", [["R-A", 9, 1000]]);
    await seedOrder("ord_r5", "payment_failed", "2024-03-02T12:00:00.000Z", [["R-B", 9, 500]]);
    await seedOrder("ord_r6", "paid", "2024-03-05T00:00:00.000Z", [["R-A", 1, 1000]]);

    const res = await adminCall("GET", "/api/v1/admin/reports/sales?from=2024-03-01&to=2024-03-03");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      from: "2024-03-01",
      to: "2024-03-03",
      currency: "USD",
      currencies: [{ currency: "USD", orders: 3, revenue: { amount: 4500, currency: "USD" } }],
      orders: 3,
      unitsSold: 9,
      revenue: { amount: 4500, currency: "USD" },
      refunds: { amount: 0, currency: "USD" },
      byDay: [
        {
          date: "2024-03-01",
          orders: 2,
          revenue: { amount: 3500, currency: "USD" },
          refunds: { amount: 0, currency: "USD" },
        },
        {
          date: "2024-03-03",
          orders: 1,
          revenue: { amount: 1000, currency: "USD" },
          refunds: { amount: 0, currency: "USD" },
        },
      ],
      topSkus: [
        {
          sku: "R-C",
          title: expect.any(String),
          units: 5,
          revenue: { amount: 1000, currency: "USD" },
        },
        {
          sku: "R-A",
          title: expect.any(String),
          units: 3,
          revenue: { amount: 3000, currency: "USD" },
        },
        {
          sku: "R-B",
          title: expect.any(String),
          units: 1,
          revenue: { amount: 500, currency: "USD" },
        },
      ],
    });
  });

  it("scans only the days asked for, through the (status, day) index", async () => {
    const { results } = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT l.sku, sum(l.quantity) FROM orders o JOIN order_lines l ON l.order_id = o.id
       WHERE o.day BETWEEN '2024-03-01' AND '2024-03-31' AND o.status IN ('paid', 'fulfilled', 'fulfillment_failed')
       GROUP BY l.sku`,
    ).all<{ detail: string }>();
    const plan = results.map((r) => r.detail).join("\n");
    expect(plan).toMatch(
      /SEARCH o USING INDEX orders_status_day \(status=\? AND day>\? AND day<\?\)/,
    );
    expect(plan).toMatch(/SEARCH l USING (PRIMARY KEY|INDEX sqlite_autoindex_order_lines_1)/);
    expect(plan).not.toMatch(/SCAN o\b/);
  });

  it("validates the date range", async () => {
    for (const query of [
      "from=2024-13-01&to=2024-12-01",
      "from=2024-03-05&to=2024-03-01",
      "from=yesterday",
      "from=2020-01-01&to=2024-01-01",
    ]) {
      const res = await adminCall("GET", `/api/v1/admin/reports/sales?${query}`);
      expect(res.status, query).toBe(400);
    }
    for (const [query, field] of [
      ["to=0000-01-01", "to"],
      ["from=1969-12-31&to=1970-01-02", "from"],
      ["from=2024-03-05&to=2024-03-01", "from"],
    ]) {
      const res = await adminCall("GET", `/api/v1/admin/reports/sales?${query}`);
      expect(res.status, query).toBe(400);
      expect(
        (await problemOf(res)).errors?.map((e) => e.path),
        query,
      ).toEqual([field]);
    }
    expect((await call("GET", "/api/v1/admin/reports/sales")).status).toBe(401);
  });
});
