import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, adminCall, browser, call, createProduct, problemOf, unique } from "./helpers";
import { deliverFulfillment, paidUnshippedOrder } from "./process-harness";

interface NewKey {
  id: string;
  name: string;
  role: string;
  key: string;
}

interface AuditItem {
  at: string;
  actor: { kind: string; id: string; name: string };
  action: string;
  target: string;
  changes?: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  requestId: string | null;
}

async function newKey(role: string, name = unique(`${role} key`)) {
  const res = await adminCall("POST", "/api/v1/admin/api-keys", { name, role });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as NewKey;
}

const as = (key: string, method: string, path: string, body?: unknown, headers = {}) =>
  call(method, path, { token: key, body, headers });

async function auditOf(query: string) {
  const res = await adminCall("GET", `/api/v1/admin/audit?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: AuditItem[] }).items;
}

describe("API keys with roles", () => {
  it("are shown once, stored hashed, and each role reaches only its routes (403 elsewhere)", async () => {
    const support = await newKey("support");
    expect(support.key).toMatch(/^sk_admin_/);
    const list = await (await adminCall("GET", "/api/v1/admin/api-keys")).text();
    expect(list).toContain(support.id);
    expect(list).not.toContain(support.key);
    const stored = await env.DB.prepare("SELECT key_hash FROM api_keys WHERE id = ?")
      .bind(support.id)
      .first<{ key_hash: string }>();
    expect(stored?.key_hash).toMatch(/^[0-9a-f]{64}$/);

    const { order } = await paidUnshippedOrder();
    expect((await as(support.key, "GET", `/api/v1/admin/orders/${order.id}`)).status).toBe(200);
    const refund = await as(
      support.key,
      "POST",
      `/api/v1/admin/orders/${order.id}/refunds`,
      { amount: { amount: 100, currency: "USD" } },
      { "idempotency-key": unique("refund") },
    );
    expect(refund.status, await refund.clone().text()).toBe(201);
    const product = await as(support.key, "POST", "/api/v1/admin/products", { title: "x" });
    expect(product.status).toBe(403);
    expect((await problemOf(product)).code).toBe("forbidden");
    expect((await as(support.key, "GET", "/api/v1/admin/api-keys")).status).toBe(403);
    expect((await as(support.key, "GET", "/api/v1/admin/webhooks")).status).toBe(403);

    const fulfillment = await newKey("fulfillment");
    expect((await as(fulfillment.key, "GET", "/api/v1/admin/orders")).status).toBe(200);
    const ship = await as(
      fulfillment.key,
      "POST",
      `/api/v1/admin/orders/${order.id}/shipments`,
      {},
      { "idempotency-key": unique("ship") },
    );
    expect(ship.status, await ship.clone().text()).toBe(201);
    const refused = await as(
      fulfillment.key,
      "POST",
      `/api/v1/admin/orders/${order.id}/refunds`,
      { amount: { amount: 100, currency: "USD" } },
      { "idempotency-key": unique("refund") },
    );
    expect(refused.status).toBe(403);
    expect(
      (await as(fulfillment.key, "POST", `/api/v1/admin/orders/${order.id}/cancel`)).status,
    ).toBe(403);

    const manager = await newKey("manager");
    const { input } = await createProduct();
    const patch = await as(manager.key, "PATCH", `/api/v1/admin/products/${input.slug}`, {
      title: "Renamed by the manager",
    });
    expect(patch.status, await patch.clone().text()).toBe(200);
    expect(
      (await as(manager.key, "POST", "/api/v1/admin/api-keys", { name: "x", role: "owner" }))
        .status,
    ).toBe(403);
  });

  it("is refused once revoked, notes its last use, and a made-up key is 401", async () => {
    const key = await newKey("manager");
    expect((await as(key.key, "GET", "/api/v1/admin/orders")).status).toBe(200);
    const listed = async () =>
      (
        (await (await adminCall("GET", "/api/v1/admin/api-keys")).json()) as {
          items: { id: string; lastUsedAt: string | null; revokedAt: string | null }[];
        }
      ).items.find((k) => k.id === key.id);
    // The note of its use is written once the answer is sent.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await listed())?.lastUsedAt).toEqual(expect.any(String));
    expect((await adminCall("DELETE", `/api/v1/admin/api-keys/${key.id}`)).status).toBe(204);
    expect((await as(key.key, "GET", "/api/v1/admin/orders")).status).toBe(401);
    expect((await listed())?.revokedAt).toEqual(expect.any(String));
    expect((await adminCall("DELETE", "/api/v1/admin/api-keys/key_missing")).status).toBe(404);
    expect((await as(`${key.key.slice(0, -2)}xx`, "GET", "/api/v1/admin/orders")).status).toBe(401);
  });
});

describe("the audit log", () => {
  it("records every admin change: who, what, on what, the body without secrets, the request id", async () => {
    const { input } = await createProduct();
    const oldTitle = input.title as string;
    const patch = await adminCall("PATCH", `/api/v1/admin/products/${input.slug}`, {
      title: "Audited title",
    });
    expect(patch.status).toBe(200);
    const [entry] = await auditOf(`target=${encodeURIComponent(`products/${input.slug}`)}`);
    expect(entry).toMatchObject({
      actor: { kind: "admin_token", id: "admin_token", name: "ADMIN_TOKEN" },
      action: "PATCH /products/:slug",
      target: `products/${input.slug}`,
      changes: { before: { title: oldTitle }, after: { title: "Audited title" } },
      requestId: expect.any(String),
    });

    const key = await newKey("support", unique("Support desk"));
    const hook = await adminCall("POST", "/api/v1/admin/webhooks", {
      url: "https://hooks.example/x",
      events: ["order.paid"],
    });
    expect(hook.status).toBe(201);
    const { order } = await paidUnshippedOrder();
    await deliverFulfillment(order.id);
    const refund = await as(
      key.key,
      "POST",
      `/api/v1/admin/orders/${order.id}/refunds`,
      { amount: { amount: 100, currency: "USD" }, reason: "goodwill" },
      { "idempotency-key": unique("refund") },
    );
    expect(refund.status).toBe(201);
    const byKey = await auditOf(`actor=${key.id}`);
    expect(byKey).toMatchObject([
      {
        actor: { kind: "api_key", id: key.id, name: key.name },
        action: "POST /orders/:id/refunds",
        target: `orders/${order.id}/refunds`,
        changes: { after: { reason: "goodwill" } },
      },
    ]);
    // A refused change writes nothing.
    await as(key.key, "PATCH", `/api/v1/admin/products/${input.slug}`, { title: "no" });
    expect(await auditOf(`actor=${key.id}`)).toHaveLength(1);
    // Never edited.
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'x'").run()).rejects.toThrow(
      /never edited/,
    );
    await expect(env.DB.prepare("DELETE FROM audit_log").run()).rejects.toThrow(/never edited/);
  });
});

describe("the audit log of the back office", () => {
  it("records each form that changed something, shows it filtered, and skips refused forms", async () => {
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const slug = unique("audited");
    const form = {
      slug,
      title: "Audited here",
      description: "By hand.",
      category: "things",
      "variants.0.sku": slug.toUpperCase(),
      "variants.0.title": "Only",
      "variants.0.price": "12.5",
      "variants.0.stock": "4",
    };
    expect((await b.post("/admin/products/new", { ...form, slug: "Not A Slug" })).status).toBe(400);
    expect((await b.post("/admin/products/new", form)).status).toBe(303);
    const entries = await auditOf(`action=${encodeURIComponent("POST /admin/products/new")}`);
    const mine = entries.filter(
      (e) => e.changes?.after?.slug === slug || e.changes?.after?.slug === "Not A Slug",
    );
    expect(mine).toMatchObject([
      { actor: { kind: "dashboard", name: "ADMIN_TOKEN" }, target: "products/new" },
    ]);
    const page = await (await b.get(`/admin/audit?actor=${mine[0]?.actor.id}`)).text();
    expect(page).toContain("POST /admin/products/new");
    expect(page).toContain(slug);
  });
});
