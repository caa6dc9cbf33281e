import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fulfillOrders } from "../src/fulfillment/fulfill";
import { leftToShip, listToShip } from "../src/fulfillment/left";
import { testPaymentLedger } from "../src/payments/test-provider";
import type { Return } from "../src/returns/read";
import { finishStoppedReturns, receiveReturn } from "../src/returns/returns";
import { returnDeps } from "../workers/deps";
import { stockOf } from "./checkout-helpers";
import { callAndWait, outboxOf } from "./email-helpers";
import { ADMIN_TOKEN, adminCall, browser, guest, problemOf, unique } from "./helpers";
import { paidUnshippedOrder } from "./process-harness";

/** A paid order of 2 × a and 1 × b, handed to the merchant, with `shipped` of it sent. */
async function shippedOrder(shipped?: { a?: number; b?: number }) {
  const s = await paidUnshippedOrder();
  await fulfillOrders({ db: env.DB, provider: "manual" }, [s.order.id]);
  const [a = "", b = ""] = s.skus;
  const lines = shipped
    ? [
        ...(shipped.a ? [{ sku: a, quantity: shipped.a }] : []),
        ...(shipped.b ? [{ sku: b, quantity: shipped.b }] : []),
      ]
    : undefined;
  const res = await callAndWait("POST", `/api/v1/admin/orders/${s.order.id}/shipments`, {
    token: ADMIN_TOKEN,
    body: lines ? { lines } : {},
    headers: { "idempotency-key": unique("ship") },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return { ...s, a, b };
}

const ask = (
  s: { token: string; order: { id: string } },
  lines: unknown,
  key = unique("return-key"),
) =>
  callAndWait("POST", `/api/v1/orders/${s.order.id}/returns`, {
    token: s.token,
    body: { lines, reason: "too small" },
    headers: { "idempotency-key": key },
  });

const admin = (path: string, body: unknown) =>
  callAndWait("POST", `/api/v1/admin${path}`, { token: ADMIN_TOKEN, body });

const orderOf = async (id: string) =>
  (await (await adminCall("GET", `/api/v1/admin/orders/${id}`)).json()) as {
    status: string;
    refundedTotal: { amount: number };
    paymentStatus: string;
  };

describe("returns", () => {
  it("asks, approves, receives with restock and refunds the lines, each step emailed", async () => {
    const s = await shippedOrder();
    const before = await stockOf(s.a);
    const asked = await ask(s, [{ sku: s.a, quantity: 1 }]);
    expect(asked.status, await asked.clone().text()).toBe(201);
    const ret = (await asked.json()) as Return;
    expect(ret).toMatchObject({ status: "requested", number: 1, reason: "too small" });

    const approved = await admin(`/returns/${ret.id}/approve`, { note: "Use the enclosed label" });
    expect(await approved.json()).toMatchObject({
      status: "approved",
      note: "Use the enclosed label",
    });
    const received = await admin(`/returns/${ret.id}/receive`, { restock: true });
    expect(received.status, await received.clone().text()).toBe(200);
    const done = (await received.json()) as Return;
    expect(done).toMatchObject({ status: "received", restock: true });
    expect(done.refundId).toEqual(expect.any(String));

    const order = await orderOf(s.order.id);
    expect(order.status).toBe("fulfilled");
    expect(order.paymentStatus).toBe("partially_refunded");
    expect(order.refundedTotal.amount).toBeGreaterThan(0);
    expect((await stockOf(s.a)).onHand).toBe(before.onHand + 1);
    const ledger = (await (
      await adminCall("GET", `/api/v1/admin/orders/${s.order.id}/refunds`)
    ).json()) as {
      items: { id: string; source: string; lines: unknown }[];
    };
    expect(ledger.items).toEqual([
      expect.objectContaining({
        id: done.refundId,
        source: "return",
        lines: [{ sku: s.a, quantity: 1 }],
      }),
    ]);

    const kinds = (await outboxOf(s.order.id)).map((r) => r.kind);
    for (const kind of [
      "return_requested",
      "return_approved",
      "return_received",
      "order_refunded",
    ]) {
      expect(kinds).toContain(kind);
    }
    const approvedEmail = (await outboxOf(s.order.id)).find((r) => r.kind === "return_approved");
    expect(approvedEmail?.body).toContain("Use the enclosed label");

    // Receiving again changes nothing: no second restock, no second refund.
    await admin(`/returns/${ret.id}/receive`, { restock: true });
    expect((await stockOf(s.a)).onHand).toBe(before.onHand + 1);
    expect((await orderOf(s.order.id)).refundedTotal).toEqual(order.refundedTotal);
  });

  it("refuses with a word to the shopper; refused units can be asked back again", async () => {
    const s = await shippedOrder();
    const ret = (await (await ask(s, [{ sku: s.b, quantity: 1 }])).json()) as Return;
    const refused = await admin(`/returns/${ret.id}/refuse`, { note: "Worn" });
    expect(await refused.json()).toMatchObject({ status: "refused", note: "Worn" });
    expect((await admin(`/returns/${ret.id}/receive`, { restock: false })).status).toBe(409);
    expect((await admin(`/returns/${ret.id}/approve`, {})).status).toBe(409);
    const key = unique("return-key");
    const again = await ask(s, [{ sku: s.b, quantity: 1 }], key);
    expect(again.status).toBe(201);
    const reused = await ask(s, [{ sku: s.a, quantity: 1 }], key);
    expect(reused.status).toBe(422);
    expect((await problemOf(reused)).code).toBe("idempotency_key_reused");
    const email = (await outboxOf(s.order.id)).find((r) => r.kind === "return_refused");
    expect(email?.body).toContain("Worn");
  });

  it("refuses what cannot be returned: nothing shipped, unshipped units, other skus, another shopper's order, a closed window", async () => {
    const unshipped = await paidUnshippedOrder();
    expect((await ask(unshipped, [{ sku: unshipped.skus[0], quantity: 1 }])).status).toBe(409);

    const s = await shippedOrder({ a: 1 });
    const over = await ask(s, [{ sku: s.a, quantity: 2 }]);
    expect(over.status).toBe(409);
    expect((await problemOf(over)).errors?.[0]?.message).toBe("only 1 can be returned");
    const unshippedSku = await ask(s, [{ sku: s.b, quantity: 1 }]);
    expect(unshippedSku.status).toBe(400);
    const stranger = await guest();
    expect(
      (await ask({ token: stranger.token, order: s.order }, [{ sku: s.a, quantity: 1 }])).status,
    ).toBe(404);
    const noKey = await callAndWait("POST", `/api/v1/orders/${s.order.id}/returns`, {
      token: s.token,
      body: { lines: [{ sku: s.a, quantity: 1 }] },
    });
    expect(noKey.status).toBe(400);

    await env.DB.prepare("UPDATE shipments SET created_at = ? WHERE order_id = ?")
      .bind(new Date(Date.now() - 31 * 86_400_000).toISOString(), s.order.id)
      .run();
    const late = await ask(s, [{ sku: s.a, quantity: 1 }]);
    expect(late.status).toBe(409);
    expect((await problemOf(late)).detail).toMatch(/return window of this order closed/);
  });

  it("never asks back a unit twice, however many requests race", async () => {
    const s = await shippedOrder();
    const all = await Promise.all(
      Array.from({ length: 5 }, () => ask(s, [{ sku: s.b, quantity: 1 }])),
    );
    expect(all.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const key = unique("return-key");
    const [one, same] = await Promise.all([
      ask(s, [{ sku: s.a, quantity: 1 }], key),
      ask(s, [{ sku: s.a, quantity: 1 }], key),
    ]);
    expect([one.status, same.status].sort()).toEqual([201, 201]);
    expect(((await one.json()) as Return).id).toBe(((await same.json()) as Return).id);
  });

  it("keeps what is left to ship when a returned unit is refunded", async () => {
    const s = await shippedOrder({ a: 1 });
    const ret = (await (await ask(s, [{ sku: s.a, quantity: 1 }])).json()) as Return;
    await admin(`/returns/${ret.id}/approve`, {});
    await admin(`/returns/${ret.id}/receive`, { restock: false });
    const left = (await leftToShip(env.DB, [s.order.id])).get(s.order.id);
    expect(left?.get(s.a)).toBe(1);
    expect(left?.get(s.b)).toBe(1);
    expect((await orderOf(s.order.id)).status).toBe("partially_fulfilled");
  });

  it("finishes a received return whose restock failed, once, by the sweep (refunded once, restocked once)", async () => {
    const s = await shippedOrder();
    const before = await stockOf(s.a);
    const ret = (await (await ask(s, [{ sku: s.a, quantity: 2 }])).json()) as Return;
    await admin(`/returns/${ret.id}/approve`, {});
    const failing = {
      ...returnDeps(env),
      restock: async () => {
        throw new Error("stock object unreachable");
      },
    };
    await expect(receiveReturn(failing, ret.id, true)).rejects.toThrow("stock object unreachable");
    // The refund went first; the units are not back yet, and the return is not settled.
    const refunded = (await orderOf(s.order.id)).refundedTotal.amount;
    expect(refunded).toBeGreaterThan(0);
    expect((await stockOf(s.a)).onHand).toBe(before.onHand);
    await finishStoppedReturns(returnDeps(env), Date.now() + 120_000);
    await finishStoppedReturns(returnDeps(env), Date.now() + 120_000);
    const list = (await (
      await adminCall("GET", `/api/v1/admin/orders/${s.order.id}/returns`)
    ).json()) as {
      items: Return[];
    };
    expect(list.items[0]).toMatchObject({ settled: true, refundId: expect.any(String) });
    expect((await stockOf(s.a)).onHand).toBe(before.onHand + 2);
    expect((await orderOf(s.order.id)).refundedTotal.amount).toBe(refunded);
  });

  it("receives a return whose refund failed at the provider, and the sweep refunds it once", async () => {
    const s = await shippedOrder();
    const ret = (await (await ask(s, [{ sku: s.b, quantity: 1 }])).json()) as Return;
    await admin(`/returns/${ret.id}/approve`, {});
    const payment = [...testPaymentLedger.values()].find(
      (p) => p.key === `${s.order.id}:authorize`,
    );
    if (!payment) throw new Error("no payment");
    payment.failRefunds = 1;
    const failed = await admin(`/returns/${ret.id}/receive`, { restock: false });
    expect(failed.status).toBe(503);
    expect((await orderOf(s.order.id)).refundedTotal.amount).toBe(0);
    await finishStoppedReturns(returnDeps(env), Date.now() + 120_000);
    await finishStoppedReturns(returnDeps(env), Date.now() + 120_000);
    const [done] = (
      (await (await adminCall("GET", `/api/v1/admin/orders/${s.order.id}/returns`)).json()) as {
        items: Return[];
      }
    ).items;
    expect(done).toMatchObject({ status: "received", settled: true });
    const refunded = (await orderOf(s.order.id)).refundedTotal.amount;
    expect(refunded).toBeGreaterThan(0);
    expect(payment.refunded).toBe(refunded);
  });

  it("settles a return with no refund when the order was refunded in full before", async () => {
    const s = await shippedOrder();
    const ret = (await (await ask(s, [{ sku: s.a, quantity: 1 }])).json()) as Return;
    await admin(`/returns/${ret.id}/approve`, {});
    const full = await callAndWait("POST", `/api/v1/admin/orders/${s.order.id}/refund`, {
      token: ADMIN_TOKEN,
    });
    expect(full.status, await full.clone().text()).toBe(200);
    const received = await admin(`/returns/${ret.id}/receive`, { restock: true });
    expect(await received.json()).toMatchObject({
      status: "received",
      settled: true,
      refundId: null,
    });
    const order = await orderOf(s.order.id);
    expect(order.paymentStatus).toBe("refunded");
  });

  it("keeps every guarantee when a refund, a parcel and a return race on one order", async () => {
    for (let round = 0; round < 3; round++) {
      const s = await shippedOrder({ a: 1 });
      const [refund, parcel, ret] = await Promise.all([
        callAndWait("POST", `/api/v1/admin/orders/${s.order.id}/refunds`, {
          token: ADMIN_TOKEN,
          body: { lines: [{ sku: s.b, quantity: 1 }] },
          headers: { "idempotency-key": unique("refund") },
        }),
        callAndWait("POST", `/api/v1/admin/orders/${s.order.id}/shipments`, {
          token: ADMIN_TOKEN,
          body: {},
          headers: { "idempotency-key": unique("ship") },
        }),
        ask(s, [{ sku: s.a, quantity: 1 }]),
      ]);
      expect(refund.status).toBe(201);
      expect(ret.status).toBe(201);
      // The parcel either took every unit left (the refund came after) or all but the refunded one.
      expect([201, 409]).toContain(parcel.status);
      const order = (await (
        await adminCall("GET", `/api/v1/admin/orders/${s.order.id}`)
      ).json()) as {
        total: { amount: number };
        refundedTotal: { amount: number };
        shipments: { lines: { sku: string; quantity: number }[] }[];
        lines: { sku: string; quantity: number }[];
      };
      expect(order.refundedTotal.amount).toBeLessThanOrEqual(order.total.amount);
      for (const line of order.lines) {
        const shipped = order.shipments
          .flatMap((x) => x.lines)
          .filter((l) => l.sku === line.sku)
          .reduce((n, l) => n + l.quantity, 0);
        expect(shipped).toBeLessThanOrEqual(line.quantity);
      }
      expect(await leftToShip(env.DB, [s.order.id])).toEqual(
        new Map([
          [
            s.order.id,
            new Map([
              [s.a, 0],
              [s.b, 0],
            ]),
          ],
        ]),
      );
    }
  });

  it("runs from the pages: the shopper asks on the order's page, the merchant approves and receives in the back office", async () => {
    const s = await shippedOrder();
    const shopper = browser();
    shopper.jar.set("__Host-session", s.token);
    const page = await (await shopper.get(`/orders/${s.order.id}`)).text();
    expect(page).toContain("Ask to return");
    const key = /name="key" value="([^"]+)"/.exec(page.slice(page.indexOf("/returns")))?.[1] ?? "";
    const asked = await shopper.post(`/orders/${s.order.id}/returns`, {
      key,
      [`qty.${s.b}`]: "1",
      reason: "Changed my mind",
    });
    expect(asked.status).toBe(303);
    expect(await (await shopper.get(`/orders/${s.order.id}`)).text()).toMatch(
      /Return #1: 1 × [^<]+\. <strong>Requested<\/strong>/,
    );

    const merchant = browser();
    expect((await merchant.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const list = await (await merchant.get("/admin/returns?status=requested")).text();
    expect(list).toContain(`/admin/orders/${s.order.id}#returns`);
    const orderPage = await (await merchant.get(`/admin/orders/${s.order.id}`)).text();
    const id = /\/admin\/returns\/(ret_[a-z0-9]+)\/decide/.exec(orderPage)?.[1];
    expect(id).toBeDefined();
    const approved = await merchant.post(`/admin/returns/${id}/decide`, {
      decision: "approved",
      note: "",
    });
    expect(approved.status).toBe(303);
    const received = await merchant.post(`/admin/returns/${id}/receive`, { restock: "yes" });
    expect(received.status).toBe(303);
    expect((await orderOf(s.order.id)).paymentStatus).toBe("partially_refunded");
    expect(await (await shopper.get(`/orders/${s.order.id}`)).text()).toContain(
      "Received and refunded",
    );
    const again = await merchant.post(`/admin/returns/${id}/decide`, { decision: "refused" });
    expect(again.status).toBe(409);
  });
});

describe("what can be returned", () => {
  it("leaves out units refunded by line after they shipped, duplicate skus, and orders refunded in full", async () => {
    const s = await shippedOrder();
    // 2 × a shipped; the merchant refunds one of them by line (damaged in transit).
    const refund = await callAndWait("POST", `/api/v1/admin/orders/${s.order.id}/refunds`, {
      token: ADMIN_TOKEN,
      body: { lines: [{ sku: s.a, quantity: 1 }] },
      headers: { "idempotency-key": unique("refund") },
    });
    expect(refund.status).toBe(201);
    const over = await ask(s, [{ sku: s.a, quantity: 2 }]);
    expect(over.status).toBe(409);
    expect((await problemOf(over)).errors?.[0]?.message).toBe("only 1 can be returned");
    const twice = await ask(s, [
      { sku: s.b, quantity: 1 },
      { sku: s.b, quantity: 1 },
    ]);
    expect(twice.status).toBe(400);
    const full = await callAndWait("POST", `/api/v1/admin/orders/${s.order.id}/refund`, {
      token: ADMIN_TOKEN,
    });
    expect(full.status).toBe(200);
    const late = await ask(s, [{ sku: s.b, quantity: 1 }]);
    expect(late.status).toBe(409);
    expect((await problemOf(late)).detail).toMatch(/refunded in full/);
  });

  it("makes a partly shipped order fulfilled once its unshipped units are refunded by line", async () => {
    const s = await shippedOrder({ a: 2 });
    const refund = await callAndWait("POST", `/api/v1/admin/orders/${s.order.id}/refunds`, {
      token: ADMIN_TOKEN,
      body: { lines: [{ sku: s.b, quantity: 1 }] },
      headers: { "idempotency-key": unique("refund") },
    });
    expect(refund.status).toBe(201);
    expect((await orderOf(s.order.id)).status).toBe("fulfilled");
    expect((await listToShip(env.DB)).map((o) => o.id)).not.toContain(s.order.id);
  });
});
