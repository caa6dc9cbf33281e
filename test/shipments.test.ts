import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fulfillOrders } from "../src/fulfillment/fulfill";
import { signatureHeader } from "../src/signature";
import type { OrderBody } from "./checkout-helpers";
import { callAndWait, outboxOf } from "./email-helpers";
import { ADMIN_TOKEN, adminCall, browser, call, problemOf, unique } from "./helpers";
import { paidUnshippedOrder } from "./process-harness";

const WAREHOUSE_SECRET = "whsec_warehouse_test";

interface Shipment {
  id: string;
  number: number;
  source: string;
  lines: { sku: string; quantity: number }[];
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
}

type ShippedOrder = OrderBody & { shipments: Shipment[] };

const ship = (orderId: string, body: unknown, key: string | null = unique("ship-key")) =>
  callAndWait("POST", `/api/v1/admin/orders/${orderId}/shipments`, {
    token: ADMIN_TOKEN,
    body,
    headers: key === null ? {} : { "idempotency-key": key },
  });

const orderOf = async (id: string) =>
  (await (await adminCall("GET", `/api/v1/admin/orders/${id}`)).json()) as ShippedOrder;

/**
 * A paid order of 2 × a and 1 × b that the merchant ships by hand: handed to the `manual`
 * provider, so no simulated shipping races the test's own parcels.
 */
async function orderToShip() {
  const s = await paidUnshippedOrder();
  const outcomes = await fulfillOrders({ db: env.DB, provider: "manual" }, [s.order.id]);
  expect(outcomes.get(s.order.id)).toBe("handed_over");
  const [a = "", b = ""] = s.skus;
  return { ...s, a, b };
}

describe("shipments", () => {
  it("ships an order in two parcels: partly fulfilled, then fulfilled, each parcel emailed with its tracking", async () => {
    const { order, a, b } = await orderToShip();
    const first = await ship(order.id, {
      lines: [{ sku: a, quantity: 1 }],
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    });
    expect(first.status, await first.clone().text()).toBe(201);
    const parcel = (await first.json()) as Shipment;
    expect(parcel).toMatchObject({ number: 1, source: "merchant", carrier: "UPS" });
    let after = await orderOf(order.id);
    expect(after.status).toBe("partially_fulfilled");
    expect(after.shipments).toHaveLength(1);

    const second = await ship(order.id, { carrier: "DHL", trackingNumber: "JD0002" });
    expect(second.status).toBe(201);
    expect(((await second.json()) as Shipment).lines).toEqual([
      { sku: a, quantity: 1 },
      { sku: b, quantity: 1 },
    ]);
    after = await orderOf(order.id);
    expect(after.status).toBe("fulfilled");
    expect(after.events.filter((e) => e.type === "shipped")).toHaveLength(2);
    expect(after.events.filter((e) => e.type === "fulfilled")).toHaveLength(1);

    const emails = (await outboxOf(order.id)).filter((r) => r.kind === "order_shipped");
    expect(emails).toHaveLength(2);
    expect(emails[0]?.subject).toBe(`Order #${after.number}: parcel 1 has shipped`);
    expect(emails[0]?.body).toContain("with UPS, tracking number 1Z999AA10123456784");
    expect(emails[0]?.body).toContain("https://www.ups.com/track?tracknum=1Z999AA10123456784");
    expect(emails[0]?.body).toContain("The rest of your order follows");
    expect(emails[1]?.subject).toBe(`Order #${after.number}: the last parcel has shipped`);

    const nothingLeft = await ship(order.id, {});
    expect(nothingLeft.status).toBe(409);
  });

  it("replays the same key, and refuses a parcel of more than is left, of another sku, or of an order that does not ship", async () => {
    const { order, a, b } = await orderToShip();
    const key = unique("ship-key");
    const one = (await (
      await ship(order.id, { lines: [{ sku: a, quantity: 2 }] }, key)
    ).json()) as Shipment;
    const again = await ship(order.id, { lines: [{ sku: a, quantity: 2 }] }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as Shipment).id).toBe(one.id);
    // The same key with another parcel is not that shipment: refused, nothing recorded.
    const reused = await ship(order.id, { lines: [{ sku: b, quantity: 1 }] }, key);
    expect(reused.status).toBe(422);
    expect((await problemOf(reused)).code).toBe("idempotency_key_reused");

    const over = await ship(order.id, { lines: [{ sku: b, quantity: 2 }] });
    expect(over.status).toBe(409);
    expect((await problemOf(over)).errors?.[0]).toMatchObject({ message: "only 1 left to ship" });
    const other = await ship(order.id, { lines: [{ sku: "NOT-IN-ORDER", quantity: 1 }] });
    expect(other.status).toBe(400);
    expect((await ship(order.id, {}, null)).status).toBe(400);
    expect((await ship("ord_missing", {})).status).toBe(404);
    const bad = await ship(order.id, { trackingUrl: "javascript:alert(1)" });
    expect(bad.status).toBe(400);
    expect((await orderOf(order.id)).shipments).toHaveLength(1);

    const cancelled = await paidUnshippedOrder();
    await call("POST", `/api/v1/orders/${cancelled.order.id}/cancel`, { token: cancelled.token });
    expect((await ship(cancelled.order.id, {})).status).toBe(409);
  });

  it("never ships a unit twice, however many parcels race", async () => {
    const { order, a } = await orderToShip();
    const all = await Promise.all(Array.from({ length: 6 }, () => ship(order.id, {})));
    expect(all.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const units = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const again = await orderToShip();
        const res = await Promise.all(
          [1, 1, 1].map((quantity) =>
            ship(again.order.id, { lines: [{ sku: again.a, quantity }] }),
          ),
        );
        return { res: res.map((r) => r.status), order: await orderOf(again.order.id) };
      }),
    );
    for (const { res, order: shipped } of units) {
      expect(res.filter((s) => s === 201)).toHaveLength(2);
      const sent = shipped.shipments.flatMap((s) => s.lines).filter((l) => l.sku !== undefined);
      expect(sent.reduce((n, l) => n + l.quantity, 0)).toBe(2);
      expect(shipped.status).toBe("partially_fulfilled");
    }
    expect((await orderOf(order.id)).shipments.flatMap((s) => s.lines)).toHaveLength(2);
    expect(a).not.toBe("");
  });

  it("leaves refunded units out of what is left to ship", async () => {
    const { order, a, b } = await orderToShip();
    const refund = await callAndWait("POST", `/api/v1/admin/orders/${order.id}/refunds`, {
      token: ADMIN_TOKEN,
      body: { lines: [{ sku: b, quantity: 1 }] },
      headers: { "idempotency-key": unique("refund") },
    });
    expect(refund.status).toBe(201);
    const parcel = (await (await ship(order.id, {})).json()) as Shipment;
    expect(parcel.lines).toEqual([{ sku: a, quantity: 2 }]);
    expect((await orderOf(order.id)).status).toBe("fulfilled");
  });
});

describe("fulfillment providers", () => {
  it("manual: a paid order waits in the back office's list to ship, with its packing slip, and ships from its page", async () => {
    const { order, a, token } = await orderToShip();
    expect(await fulfillOrders({ db: env.DB, provider: "manual" }, [order.id])).toEqual(
      new Map([[order.id, "already_done"]]),
    );
    expect((await orderOf(order.id)).status).toBe("paid");
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const list = await (await b.get("/admin/to-ship")).text();
    expect(list).toContain(`href="/admin/orders/${order.id}"`);
    const slip = await (await b.get(`/admin/orders/${order.id}/packing-slip`)).text();
    expect(slip).toContain(`Packing slip: order #`);
    expect(slip).toContain(a);
    const page = await (await b.get(`/admin/orders/${order.id}`)).text();
    const key = /name="key" value="([^"]+)"/.exec(page.slice(page.indexOf("/shipments")))?.[1];
    const recorded = await b.post(`/admin/orders/${order.id}/shipments`, {
      key: key ?? "",
      [`qty.${a}`]: "2",
      carrier: "La Poste",
      trackingNumber: "LP123",
      trackingUrl: "https://laposte.example/LP123",
    });
    expect(recorded.status, await recorded.clone().text()).toBe(303);
    const shipped = await orderOf(order.id);
    expect(shipped.status).toBe("partially_fulfilled");
    expect(shipped.shipments[0]).toMatchObject({ carrier: "La Poste", trackingNumber: "LP123" });
    // The shopper's page shows the parcel, with its tracking link, and the order as partly shipped.
    const shopperPage = await (
      await call("GET", `/orders/${order.id}`, {
        headers: { cookie: `__Host-session=${token}` },
      })
    ).text();
    expect(shopperPage).toContain("Partly shipped");
    expect(shopperPage).toMatch(/Parcel 1: 2 × [^<]+, with La Poste\./);
    expect(shopperPage).toContain(
      '<a href="https://laposte.example/LP123" rel="noopener noreferrer">LP123</a>',
    );
  });

  it("webhook: posts the order to the warehouse, signed, until it answers 2xx; the warehouse confirms parcels at a signed endpoint", async () => {
    const { order, skus, token } = await paidUnshippedOrder();
    const [a = "", b = ""] = skus;
    const inbox = unique("fail-1-warehouse");
    const deps = {
      db: env.DB,
      provider: "webhook" as const,
      warehouse: { url: `http://hooks.test/${inbox}`, secret: WAREHOUSE_SECRET },
      send: (url: string, init: RequestInit) => fetch(url, init),
      ordersById: async (ids: string[]) =>
        new Map(await Promise.all(ids.map(async (id) => [id, await orderOf(id)] as const))),
    };
    const first = (await fulfillOrders(deps, [order.id])).get(order.id);
    expect(first).toBeInstanceOf(Error);
    expect((await fulfillOrders(deps, [order.id])).get(order.id)).toBe("handed_over");
    expect((await fulfillOrders(deps, [order.id])).get(order.id)).toBe("already_done");
    const posts = (await (await fetch(`http://hooks.test/${inbox}`)).json()) as {
      headers: Record<string, string>;
      body: string;
    }[];
    expect(posts).toHaveLength(2);
    // The first answer was lost to the shop (a 500): the same order again, under the same id.
    expect(posts[0]?.headers["webhook-id"]).toBe(`ful_${order.id}`);
    expect(posts[1]?.headers["webhook-id"]).toBe(`ful_${order.id}`);
    const { verifySignature } = await import("../src/signature");
    expect(
      await verifySignature(
        WAREHOUSE_SECRET,
        posts[1]?.headers["webhook-signature"],
        posts[1]?.body ?? "",
      ),
    ).toBe(true);
    expect(JSON.parse(posts[1]?.body ?? "{}").data.order.id).toBe(order.id);

    const confirm = async (body: unknown, secret = WAREHOUSE_SECRET) => {
      const raw = JSON.stringify(body);
      return callAndWait("POST", "/api/v1/fulfillment/shipments", {
        body: raw,
        headers: { "webhook-signature": await signatureHeader(secret, raw) },
      });
    };
    const parcel = {
      orderId: order.id,
      shipmentId: "WH-1",
      lines: [{ sku: a, quantity: 2 }],
      carrier: "DPD",
      trackingNumber: "DPD1",
    };
    expect((await confirm(parcel, "whsec_wrong")).status).toBe(400);
    const made = await confirm(parcel);
    expect(made.status, await made.clone().text()).toBe(201);
    const again = await confirm(parcel);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Shipment).id).toBe(((await made.json()) as Shipment).id);
    expect((await confirm({ ...parcel, extra: 1 })).status).toBe(400);
    const rest = await confirm({ orderId: order.id, shipmentId: "WH-2", trackingNumber: "DPD2" });
    expect(rest.status).toBe(201);
    const shipped = await orderOf(order.id);
    expect(shipped.status).toBe("fulfilled");
    expect(shipped.shipments.map((s) => s.source)).toEqual(["warehouse", "warehouse"]);
    expect(shipped.shipments[1]?.lines).toEqual([{ sku: b, quantity: 1 }]);
    const shopper = (await (
      await call("GET", `/api/v1/orders/${order.id}`, { token })
    ).json()) as ShippedOrder;
    expect(shopper.shipments.map((s) => s.trackingNumber)).toEqual(["DPD1", "DPD2"]);
  });
});
