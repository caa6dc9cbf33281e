import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../src/inventory";
import { stockedSku, stockOf } from "./checkout-helpers";
import { ADMIN_TOKEN, call, problemOf, unique } from "./helpers";

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

describe("holds that cannot be lost", () => {
  it("tombstones a hold released before it was made, so a late hold of that id takes nothing", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    const id = unique("late");
    await stub.release(id);
    expect(await stub.hold(id, 2, 600_000)).toEqual({ ok: false, reason: "released" });
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("unwinds a hold whatever it became: held units released, committed units restocked", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    const held = unique("h");
    const sold = unique("h");
    await stub.hold(held, 1, 600_000);
    await stub.hold(sold, 2, 600_000);
    await stub.commit(sold);
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 3, reserved: 1 });
    await stub.unwind(held);
    await stub.unwind(sold);
    await stub.unwind(sold);
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("applies an adjustment once per request id", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    const id = unique("adj");
    await stub.adjustOnHand(3, id);
    await stub.adjustOnHand(3, id);
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 8 });
  });

  it("refuses an adjustment id sent again with another delta, through the API too", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    const id = unique("adj");
    expect(await stub.adjustOnHand(10, id)).toMatchObject({ ok: true });
    expect(await stub.adjustOnHand(-10, id)).toEqual({ ok: false, reason: "key_reused" });
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 15 });

    const path = `/api/v1/admin/inventory/${a.sku}/adjustments`;
    const send = (delta: number, key: string) =>
      call("POST", path, {
        token: ADMIN_TOKEN,
        body: { delta },
        headers: { "idempotency-key": key },
      });
    const key = unique("adjust-key");
    expect((await send(4, key)).status).toBe(200);
    expect(await (await send(4, key)).json()).toMatchObject({ onHand: 19 });
    const reused = await send(-4, key);
    expect(reused.status).toBe(422);
    expect((await problemOf(reused)).code).toBe("idempotency_key_reused");
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 19 });
  });

  it("keeps its alarm when D1 fails during the alarm, and publishes once D1 is back", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    await stub.hold(unique("h"), 2, 600_000);
    const down = new Proxy(env.DB, {
      get: (target, prop) =>
        prop === "prepare"
          ? () => {
              throw new Error("D1 is down");
            }
          : Reflect.get(target, prop),
    });
    const alarm = await runInDurableObject(stub, async (object, state) => {
      const original = Reflect.get(object, "env") as Env;
      Reflect.set(object, "env", { ...original, DB: down });
      try {
        await object.alarm();
      } finally {
        Reflect.set(object, "env", original);
      }
      return state.storage.getAlarm();
    });
    expect(alarm).not.toBeNull();
    expect(alarm).toBeLessThanOrEqual(Date.now() + 3_000);
    await runDurableObjectAlarm(stub);
    const snapshot = await env.DB.prepare("SELECT reserved FROM stock_levels WHERE sku = ?")
      .bind(a.sku)
      .first<{ reserved: number }>();
    expect(snapshot?.reserved).toBe(2);
  });

  it("a commit while the alarm publishes still gets published within a second", async () => {
    const a = await stockedSku(5);
    const stub = inventoryStub(env.INVENTORY, a.sku);
    const id = unique("h");
    await stub.hold(id, 2, 600_000);
    const alarm = await runInDurableObject(stub, async (object, state) => {
      // The alarm awaits D1 while the commit runs; it must not re-arm for the hold expiry only.
      await Promise.all([object.alarm(), object.commit(id)]);
      return state.storage.getAlarm();
    });
    expect(alarm).toBeLessThanOrEqual(Date.now() + 1_000);
    // That alarm publishes the commit: the snapshot shoppers read shows the units sold.
    await runDurableObjectAlarm(stub);
    const snapshot = await env.DB.prepare(
      "SELECT on_hand, reserved, available FROM stock_levels WHERE sku = ?",
    )
      .bind(a.sku)
      .first();
    expect(snapshot).toEqual({ on_hand: 3, reserved: 0, available: 3 });
  });
});
