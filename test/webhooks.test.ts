import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifySignature } from "../src/signature";
import { drainWebhooks, MAX_ATTEMPTS } from "../src/webhooks/drain";
import { webhookDrainDeps } from "../workers/webhooks/outbound";
import { addToCart, stockedSku } from "./checkout-helpers";
import { callAndWait } from "./email-helpers";
import {
  ADMIN_TOKEN,
  adminCall,
  browser,
  createProduct,
  guest,
  problemOf,
  unique,
} from "./helpers";
import { deliverFulfillment } from "./process-harness";

const HOOKS = "http://hooks.test";

interface Received {
  headers: Record<string, string>;
  body: string;
}

interface Delivery {
  id: number;
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
}

const register = async (inbox: string, events: string[]) => {
  const res = await adminCall("POST", "/api/v1/admin/webhooks", {
    url: `${HOOKS}/${inbox}`,
    events,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; secret: string; events: string[]; enabled: boolean };
};

const received = async (inbox: string) =>
  (await (await fetch(`${HOOKS}/${inbox}`)).json()) as Received[];

const deliveries = async (endpointId: string) =>
  (
    (await (await adminCall("GET", `/api/v1/admin/webhooks/${endpointId}/deliveries`)).json()) as {
      items: Delivery[];
    }
  ).items;

/** A drain as if `ms` had passed: deliveries waiting for their backoff are due. */
const drainLater = (ms: number) =>
  drainWebhooks({ ...webhookDrainDeps(env), now: () => Date.now() + ms });

async function paidOrder() {
  const shopper = await guest();
  const { sku } = await stockedSku(5, 1200);
  await addToCart(shopper.token, sku, 1);
  const res = await callAndWait("POST", "/api/v1/checkout", {
    token: shopper.token,
    body: (await import("./checkout-helpers")).checkoutBody(),
    headers: { "idempotency-key": unique("idem") },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; total: { amount: number } };
}

describe("outbound webhooks", () => {
  it("registers an endpoint, shows its secret once, and refuses bad ones", async () => {
    const endpoint = await register(unique("inbox"), ["order.paid", "order.refunded"]);
    expect(endpoint.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(endpoint).toMatchObject({ enabled: true, events: ["order.paid", "order.refunded"] });
    const one = await adminCall("GET", `/api/v1/admin/webhooks/${endpoint.id}`);
    expect(await one.json()).not.toHaveProperty("secret");
    const list = (await (await adminCall("GET", "/api/v1/admin/webhooks")).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((e) => e.id)).toContain(endpoint.id);

    for (const body of [
      { url: "ftp://hooks.test/x", events: ["order.paid"] },
      { url: "not a url", events: ["order.paid"] },
      { url: `${HOOKS}/x`, events: ["order.teleported"] },
      { url: `${HOOKS}/x`, events: [] },
    ]) {
      const res = await adminCall("POST", "/api/v1/admin/webhooks", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(res)).code).toBe("validation_failed");
    }
    expect((await adminCall("GET", "/api/v1/admin/webhooks/whk_nope")).status).toBe(404);
    const anonymous = await fetch("https://shop.test/api/v1/admin/webhooks").catch(() => null);
    expect(anonymous?.status ?? 502).not.toBe(200);
  });

  it("delivers an order's paid, fulfilled and refunded events, signed, to the endpoints that asked", async () => {
    const inbox = unique("inbox");
    const all = await register(inbox, ["order.paid", "order.fulfilled", "order.refunded"]);
    const paidOnlyInbox = unique("inbox");
    await register(paidOnlyInbox, ["order.paid"]);

    const order = await paidOrder();
    await deliverFulfillment(order.id);
    const refund = await callAndWait("POST", `/api/v1/admin/orders/${order.id}/refunds`, {
      token: "test-admin-token",
      body: { amount: { amount: 200, currency: "USD" } },
      headers: { "idempotency-key": unique("refund") },
    });
    expect(refund.status).toBe(201);
    await drainLater(0);

    const mine = (await received(inbox)).filter(
      (r) => JSON.parse(r.body).data.order.id === order.id,
    );
    expect(mine.map((r) => JSON.parse(r.body).type)).toEqual([
      "order.paid",
      "order.fulfilled",
      "order.refunded",
    ]);
    for (const r of mine) {
      const body = JSON.parse(r.body);
      expect(body.id).toMatch(/^evt_[0-9a-f]{24}$/);
      expect(r.headers["webhook-id"]).toBe(body.id);
      expect(await verifySignature(all.secret, r.headers["webhook-signature"], r.body)).toBe(true);
      expect(await verifySignature("whsec_other", r.headers["webhook-signature"], r.body)).toBe(
        false,
      );
      expect(Date.parse(body.createdAt)).not.toBeNaN();
    }
    const [paid, fulfilled, refunded] = mine.map((r) => JSON.parse(r.body).data);
    expect(paid.order).toMatchObject({ id: order.id, total: order.total });
    expect(paid.order).not.toHaveProperty("paymentId");
    expect(fulfilled.trackingNumber).toEqual(expect.any(String));
    expect(refunded).toMatchObject({ refunded: 200 });

    const paidOnly = (await received(paidOnlyInbox)).map((r) => JSON.parse(r.body));
    expect(paidOnly.map((b) => b.type)).toEqual(["order.paid"]);
    const log = await deliveries(all.id);
    expect(log.filter((d) => d.status === "delivered").length).toBeGreaterThanOrEqual(3);
    expect(log[0]).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200 });
  });

  it("retries a failing endpoint with backoff, the same id and bytes each time, until it answers", async () => {
    const inbox = unique("fail-2-inbox");
    const endpoint = await register(inbox, ["order.paid"]);
    await paidOrder();
    expect((await deliveries(endpoint.id))[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatus: 500,
    });
    // Not due yet: the backoff (30 s) has not passed.
    await drainLater(0);
    expect(await received(inbox)).toHaveLength(1);
    await drainLater(31_000);
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: "pending", attempts: 2 });
    await drainLater(31_000 + 61_000);
    const [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200 });
    const got = await received(inbox);
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    expect(new Set(got.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery?.eventId]));
  });

  it("sends again, with the same id and bytes, what a drain posted and then died before recording", async () => {
    const inbox = unique("inbox");
    const endpoint = await register(inbox, ["order.paid"]);
    await paidOrder();
    expect(await received(inbox)).toHaveLength(1);
    // As a drain leaves a delivery that it posted and then died: `sending`, under its lease.
    await env.DB.prepare(
      "UPDATE webhook_deliveries SET status = 'sending', lease_id = 'dead', lease_until = ?2 WHERE endpoint_id = ?1",
    )
      .bind(endpoint.id, Date.now() + 60_000)
      .run();
    await drainLater(0);
    expect(await received(inbox)).toHaveLength(1);
    // Once the lease is over, the next drain takes it over and sends it again.
    await drainLater(61_000);
    const got = await received(inbox);
    expect(got).toHaveLength(2);
    expect(got[1]?.headers["webhook-id"]).toBe(got[0]?.headers["webhook-id"]);
    expect(got[1]?.body).toBe(got[0]?.body);
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("gives up after the last attempt, and sends again on request", async () => {
    const inbox = unique("down-inbox");
    const endpoint = await register(inbox, ["order.paid"]);
    await paidOrder();
    for (let i = 1; i < MAX_ATTEMPTS; i++) await drainLater(i * 7 * 3_600_000);
    const [failed] = await deliveries(endpoint.id);
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatus: 503 });

    const res = await adminCall(
      "POST",
      `/api/v1/admin/webhooks/${endpoint.id}/deliveries/${failed?.id}/resend`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });
    expect(await received(inbox)).toHaveLength(MAX_ATTEMPTS + 1);
    const missing = await adminCall(
      "POST",
      `/api/v1/admin/webhooks/${endpoint.id}/deliveries/999999999/resend`,
    );
    expect(missing.status).toBe(404);
  });

  it("sends nothing to a paused endpoint, nor for events it no longer takes", async () => {
    const inbox = unique("inbox");
    const endpoint = await register(inbox, ["order.paid", "product.updated"]);
    const paused = await adminCall("PATCH", `/api/v1/admin/webhooks/${endpoint.id}`, {
      enabled: false,
    });
    expect(await paused.json()).toMatchObject({ enabled: false });
    await paidOrder();
    expect(await deliveries(endpoint.id)).toEqual([]);
    await adminCall("PATCH", `/api/v1/admin/webhooks/${endpoint.id}`, {
      enabled: true,
      events: ["product.updated"],
    });
    await paidOrder();
    expect(await deliveries(endpoint.id)).toEqual([]);
    const removed = await adminCall("DELETE", `/api/v1/admin/webhooks/${endpoint.id}`);
    expect(removed.status).toBe(204);
    expect((await adminCall("GET", `/api/v1/admin/webhooks/${endpoint.id}`)).status).toBe(404);
  });

  it("tells of a product's change", async () => {
    const inbox = unique("inbox");
    await register(inbox, ["product.updated"]);
    const { input } = await createProduct();
    const res = await callAndWait("PATCH", `/api/v1/admin/products/${input.slug}`, {
      token: "test-admin-token",
      body: { title: "A better title" },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await drainLater(0);
    const bodies = (await received(inbox)).map((r) => JSON.parse(r.body));
    expect(bodies.find((b) => b.data.product.slug === input.slug)).toMatchObject({
      type: "product.updated",
      data: { product: { slug: input.slug, title: "A better title", status: "active" } },
    });
  });

  it("tells when a sku's stock runs low, once as it crosses", async () => {
    const inbox = unique("inbox");
    await register(inbox, ["inventory.low"]);
    const { sku } = await stockedSku(8, 1000);
    const setStock = (onHand: number) =>
      adminCall("PUT", `/api/v1/admin/inventory/${sku}`, { onHand });
    await setStock(7);
    expect((await setStock(5)).status).toBe(200);
    await setStock(3);
    await drainLater(0);
    const lows = (await received(inbox))
      .map((r) => JSON.parse(r.body))
      .filter((b) => b.data.sku === sku);
    expect(lows).toHaveLength(1);
    expect(lows[0]).toMatchObject({
      type: "inventory.low",
      data: { sku, available: 5, onHand: 5 },
    });
  });

  it("has an event only for a change that committed", async () => {
    const inbox = unique("inbox");
    await register(inbox, ["order.paid"]);
    const order = await paidOrder();
    const before = await env.DB.prepare("SELECT count(*) AS n FROM webhook_events").first<{
      n: number;
    }>();
    // A batch that records an event and then fails is rolled back whole, its webhook event too.
    await expect(
      env.DB.batch([
        env.DB.prepare("INSERT INTO order_events (order_id, type, at) VALUES (?, 'paid', ?)").bind(
          order.id,
          new Date().toISOString(),
        ),
        env.DB.prepare(
          "INSERT INTO order_events (order_id, type, at) VALUES ('ord_missing', 'paid', NULL)",
        ),
      ]),
    ).rejects.toThrow();
    const after = await env.DB.prepare("SELECT count(*) AS n FROM webhook_events").first<{
      n: number;
    }>();
    expect(after?.n).toBe(before?.n);
  });

  it("is run from the back office: register (secret shown once), the log, send again, pause", async () => {
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const bad = await b.post("/admin/webhooks", { url: "ftp://x" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("The URL must be http or https.");
    expect(badHtml).toContain("Choose at least one event.");

    const inbox = unique("inbox");
    const created = await b.post("/admin/webhooks", {
      url: `${HOOKS}/${inbox}`,
      "event:order.paid": "yes",
    });
    expect(created.status).toBe(201);
    const secret = /<code>(whsec_[0-9a-f]+)<\/code>/.exec(await created.text())?.[1] ?? "";
    expect(secret).toMatch(/^whsec_/);
    const list = await (await b.get("/admin/webhooks")).text();
    expect(list).not.toContain(secret);
    const id = new RegExp(`href="/admin/webhooks/(whk_[a-z0-9]+)">${HOOKS}/${inbox}<`).exec(
      list,
    )?.[1];
    expect(id).toBeDefined();

    await paidOrder();
    const page = await (await b.get(`/admin/webhooks/${id}`)).text();
    expect(page).toContain("order.paid");
    expect(page).toContain("delivered");
    const delivery = new RegExp(`/admin/webhooks/${id}/deliveries/(\\d+)/resend`).exec(page)?.[1];
    const resent = await b.post(`/admin/webhooks/${id}/deliveries/${delivery}/resend`, {});
    expect(resent.status).toBe(303);
    expect(await received(inbox)).toHaveLength(2);
    expect((await b.post(`/admin/webhooks/${id}/pause`, {})).status).toBe(303);
    expect(await (await b.get(`/admin/webhooks/${id}`)).text()).toContain("Paused");
    expect((await b.get("/admin/webhooks/whk_nope")).status).toBe(404);
  });
});
