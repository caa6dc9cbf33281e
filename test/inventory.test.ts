import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../src/inventory";
import { adminCall, call, createProduct, type ProductBody, problemOf } from "./helpers";

const stockPath = (sku: string) => `/api/v1/admin/inventory/${sku}`;

describe("stock levels", () => {
  it("reads the stock set at creation, live and through the admin route", async () => {
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku ?? "";
    expect(await (await call("GET", `/api/v1/inventory/${sku}`)).json()).toEqual({
      sku,
      available: 5,
    });
    expect(await (await adminCall("GET", stockPath(sku))).json()).toEqual({
      sku,
      onHand: 5,
      reserved: 0,
      available: 5,
    });
  });

  it("sets onHand and shows it in the live read and the product", async () => {
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku ?? "";
    const res = await adminCall("PUT", stockPath(sku), { onHand: 12 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sku, onHand: 12, reserved: 0, available: 12 });
    expect(await (await call("GET", `/api/v1/inventory/${sku}`)).json()).toEqual({
      sku,
      available: 12,
    });
    const product = (await (
      await call("GET", `/api/v1/products/${input.slug}`)
    ).json()) as ProductBody;
    expect(product.variants[0]?.available).toBe(12);
    await adminCall("PUT", stockPath(sku), { onHand: 0 });
    const list = (await (
      await call("GET", `/api/v1/products?category=${input.category}&limit=100`)
    ).json()) as {
      items: { slug: string; inStock: boolean }[];
    };
    expect(list.items.find((p) => p.slug === input.slug)?.inStock).toBe(false);
  });

  it("answers 404 for an unknown sku on every stock route", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/inventory/NOPE-1"],
      ["GET", stockPath("NOPE-1")],
      ["PUT", stockPath("NOPE-1")],
      ["POST", `${stockPath("NOPE-1")}/adjustments`],
    ] as const) {
      const body = method === "PUT" ? { onHand: 1 } : method === "POST" ? { delta: 1 } : undefined;
      const res = await adminCall(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await problemOf(res)).code).toBe("not_found");
    }
  });

  it("validates the stock body strictly", async () => {
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku ?? "";
    for (const body of [
      {},
      { onHand: -1 },
      { onHand: 1.5 },
      { onHand: "3" },
      { onHand: 3, reserved: 0 },
    ]) {
      const res = await adminCall("PUT", stockPath(sku), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(res)).code).toBe("validation_failed");
    }
    expect(await (await adminCall("GET", stockPath(sku))).json()).toMatchObject({ onHand: 5 });
  });

  it("serializes concurrent adjustments on one sku: none is lost", async () => {
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku ?? "";
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        adminCall("POST", `${stockPath(sku)}/adjustments`, { delta: i % 3 === 0 ? -1 : 2 }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    // 20 removals of 1 and 40 receipts of 2 on top of the 5 from creation.
    expect(await (await adminCall("GET", stockPath(sku))).json()).toMatchObject({ onHand: 65 });
    const seen = await Promise.all(
      results.map(async (r) => ((await r.json()) as { onHand: number }).onHand),
    );
    expect(new Set(seen).size).toBe(60);
  });

  it("ends concurrent sets on one of the values set, with the snapshot agreeing", async () => {
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku ?? "";
    const values = Array.from({ length: 40 }, (_, i) => i + 100);
    await Promise.all(values.map((onHand) => adminCall("PUT", stockPath(sku), { onHand })));
    const final = (await (await adminCall("GET", stockPath(sku))).json()) as { onHand: number };
    expect(values).toContain(final.onHand);
    const snapshot = await env.DB.prepare("SELECT on_hand FROM stock_levels WHERE sku = ?")
      .bind(sku)
      .first<{ on_hand: number }>();
    expect(snapshot?.on_hand).toBe(final.onHand);
  });

  it("never goes below zero when removing more than is on hand", async () => {
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku ?? "";
    const res = await adminCall("POST", `${stockPath(sku)}/adjustments`, { delta: -50 });
    expect(await res.json()).toMatchObject({ onHand: 0, available: 0 });
    expect(await inventoryStub(env.INVENTORY, sku).level()).toMatchObject({
      ok: true,
      level: { onHand: 0 },
    });
  });
});
