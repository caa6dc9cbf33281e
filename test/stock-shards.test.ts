import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inventoryStub, shardFor, stockShardStub } from "../src/inventory";
import { addToCart, checkout, type OrderBody, stockedSku, stockOf } from "./checkout-helpers";
import { adminCall, call, guest, problemOf, unique } from "./helpers";

const shardsPath = (sku: string) => `/api/v1/admin/inventory/${sku}/shards`;
const shard = (sku: string, i: number) => stockShardStub(env.INVENTORY, sku, i);

/** A sku with `units` on hand, split over `count` stock objects. */
async function shardedSku(units: number, count: number) {
  const item = await stockedSku(units);
  const res = await adminCall("PUT", shardsPath(item.sku), { count });
  expect(res.status).toBe(200);
  return item;
}

/** Each shard's own level, and what the shards' transfer records say was moved. */
async function shardLevels(sku: string, count: number) {
  return Promise.all(Array.from({ length: count }, (_, i) => shard(sku, i).ownLevel()));
}

/**
 * Shard 1 of a 10-unit sku wrote its intent to take units (transfer `id`, a minute ago, its alarm
 * due), home gave it 5, and shard 1 stopped before it credited them.
 */
async function givenNotCredited(sku: string, id: string) {
  await runInDurableObject(shard(sku, 1), (_object, state) => {
    state.storage.sql.exec(
      "INSERT INTO transfers (id, peer, state, units, at) VALUES (?, 0, 'asking', 4, ?)",
      id,
      Date.now() - 60_000,
    );
    return state.storage.setAlarm(Date.now());
  });
  expect(await shard(sku, 0).give(id, 1, 4)).toBe(5);
  expect((await shardLevels(sku, 2)).map((l) => l.onHand)).toEqual([5, 0]);
}

/** Runs every shard's alarm, so each publishes its snapshot to D1 now. */
async function publishAll(sku: string, count: number) {
  for (let i = 0; i < count; i++) await runDurableObjectAlarm(shard(sku, i));
}

describe("splitting a sku's stock over shards", () => {
  it("sets the count through the admin API, and only ever raises it", async () => {
    const item = await stockedSku(8);
    const res = await adminCall("PUT", shardsPath(item.sku), { count: 4 });
    expect(await res.json()).toEqual({ sku: item.sku, shards: 4 });
    const row = await env.DB.prepare("SELECT stock_shards AS n FROM variants WHERE sku = ?")
      .bind(item.sku)
      .first<{ n: number }>();
    expect(row?.n).toBe(4);

    const fewer = await adminCall("PUT", shardsPath(item.sku), { count: 2 });
    expect(fewer.status).toBe(409);
    expect((await problemOf(fewer)).code).toBe("conflict");
    expect((await adminCall("PUT", shardsPath(item.sku), { count: 17 })).status).toBe(400);
    expect((await adminCall("PUT", shardsPath("NO-SUCH-SKU-X"), { count: 2 })).status).toBe(404);
    // The level is still the whole sku's.
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
  });

  it("routes each shopper to one shard, and spreads shoppers over all of them", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const s = shardFor(`shopper-${i}`, "SKU-HOT", 4);
      expect(s).toBe(shardFor(`shopper-${i}`, "SKU-HOT", 4));
      seen.add(s);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(shardFor("anyone", "SKU-HOT", 1)).toBe(0);
  });

  it("never oversells under concurrent holds on every shard, and every hold comes back", async () => {
    const units = 30;
    const count = 4;
    const item = await shardedSku(units, count);
    const holds = Array.from({ length: 90 }, (_, i) => ({
      id: unique(`h${i}`),
      shard: shardFor(`shopper-${i}`, item.sku, count),
    }));
    const answers = await Promise.all(
      holds.map((h) => shard(item.sku, h.shard).hold(h.id, 1, 600_000)),
    );
    const held = holds.filter((_, i) => answers[i]?.ok);
    expect(held).toHaveLength(units);
    expect(new Set(held.map((h) => h.shard)).size).toBeGreaterThan(1);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: units, reserved: units, available: 0 });

    // Commit a third, release a third, leave a third to expire; all at once.
    const [toCommit, toRelease, toExpire] = [0, 1, 2].map((k) =>
      held.filter((_, i) => i % 3 === k),
    );
    await Promise.all([
      ...(toCommit ?? []).map((h) => shard(item.sku, h.shard).commit(h.id)),
      ...(toRelease ?? []).map((h) => shard(item.sku, h.shard).release(h.id)),
    ]);
    for (const h of toExpire ?? []) {
      await runInDurableObject(shard(item.sku, h.shard), (_object, state) => {
        state.storage.sql.exec("UPDATE holds SET expires_at = 0 WHERE hold_id = ?", h.id);
      });
    }
    await publishAll(item.sku, count);
    const sold = toCommit?.length ?? 0;
    expect(await stockOf(item.sku)).toEqual({
      sku: item.sku,
      onHand: units - sold,
      reserved: 0,
      available: units - sold,
    });

    // A cancel undoes through the home object, wherever the hold is.
    await Promise.all(
      (toCommit ?? []).map((h) => inventoryStub(env.INVENTORY, item.sku).unwind(h.id)),
    );
    expect(await stockOf(item.sku)).toMatchObject({ onHand: units, reserved: 0 });
    await publishAll(item.sku, count);
    const snapshot = await env.DB.prepare(
      "SELECT on_hand, reserved, available FROM stock_levels WHERE sku = ?",
    )
      .bind(item.sku)
      .first();
    expect(snapshot).toEqual({ on_hand: units, reserved: 0, available: units });
  });

  it("keeps every unit while shards take from each other and an admin adjusts at once", async () => {
    const count = 4;
    const item = await shardedSku(40, count);
    const holds = Array.from({ length: 60 }, (_, i) => ({
      id: unique(`r${i}`),
      shard: i % count,
    }));
    const adjustments = [-5, 10, -3, 7];
    const results = await Promise.all([
      ...holds.map((h) => shard(item.sku, h.shard).hold(h.id, 1, 600_000)),
      ...adjustments.map((delta) =>
        adminCall("POST", `/api/v1/admin/inventory/${item.sku}/adjustments`, { delta }),
      ),
    ]);
    const held = holds.filter((_, i) => {
      const r = results[i];
      return r !== undefined && "ok" in r && r.ok;
    });
    const heldCount = held.length;
    // Shards start empty: each served holds only with units taken from its siblings.
    expect(new Set(held.map((h) => h.shard)).size).toBe(count);
    const total = 40 + adjustments.reduce((a, b) => a + b, 0);
    const level = await stockOf(item.sku);
    expect(level.onHand).toBe(total);
    expect(level.reserved).toBe(heldCount);
    expect(heldCount).toBeLessThanOrEqual(total);
    for (const own of await shardLevels(item.sku, count)) {
      expect(own.onHand).toBeGreaterThanOrEqual(own.reserved);
    }
    await Promise.all(holds.map((h) => shard(item.sku, h.shard).release(h.id)));
    expect(await stockOf(item.sku)).toMatchObject({ onHand: total, reserved: 0, available: total });
  });

  it("sets the whole sku's units on hand, holds on every shard staying reserved", async () => {
    const count = 3;
    const item = await shardedSku(20, count);
    const holds = [1, 2, 2].map((s, i) => ({ id: unique(`set${i}`), shard: s }));
    for (const h of holds) {
      expect(await shard(item.sku, h.shard).hold(h.id, 2, 600_000)).toMatchObject({ ok: true });
    }
    const res = await adminCall("PUT", `/api/v1/admin/inventory/${item.sku}`, { onHand: 50 });
    expect(await res.json()).toEqual({ sku: item.sku, onHand: 50, reserved: 6, available: 44 });
    // The shards kept only their held units; home has the rest.
    const own = await shardLevels(item.sku, count);
    expect(own.map((l) => l.available)).toEqual([44, 0, 0]);
    for (const h of holds) await shard(item.sku, h.shard).commit(h.id);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 44, reserved: 0, available: 44 });
  });

  it("sets the whole sku below the units held across shards: commits sell no more than the set", async () => {
    const count = 4;
    const item = await shardedSku(12, count);
    // Eight holds of one unit on every shard, as eight shoppers waiting for 3-D Secure.
    const holds = Array.from({ length: 8 }, (_, i) => ({
      id: unique(`cut${i}`),
      shard: i % count,
    }));
    for (const h of holds) {
      expect(await shard(item.sku, h.shard).hold(h.id, 1, 600_000)).toMatchObject({ ok: true });
    }
    const res = await adminCall("PUT", `/api/v1/admin/inventory/${item.sku}`, { onHand: 2 });
    expect(await res.json()).toEqual({ sku: item.sku, onHand: 2, reserved: 8, available: 0 });
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 2, reserved: 8 });

    const commits = await Promise.all(holds.map((h) => shard(item.sku, h.shard).commit(h.id)));
    expect(commits.filter((r) => r.ok)).toHaveLength(2);
    expect(commits.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 6 }, () => expect.objectContaining({ reason: "insufficient" })),
    );
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
    for (const own of await shardLevels(item.sku, count)) expect(own.onHand).toBe(0);
  });

  it("counts units in flight between shards once when the whole sku is set", async () => {
    const item = await shardedSku(10, 2);
    const id = unique("flight");
    await givenNotCredited(item.sku, id);

    const res = await adminCall("PUT", `/api/v1/admin/inventory/${item.sku}`, { onHand: 8 });
    expect(res.status).toBe(200);
    // The transfer lands: the whole sku has the 8 set, not 8 plus the 5 that were in flight.
    await runDurableObjectAlarm(shard(item.sku, 1));
    expect((await shardLevels(item.sku, 2)).map((l) => l.onHand)).toEqual([3, 5]);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
  });

  it("takes a shrinkage off the whole sku, held units on shards too, never below zero", async () => {
    const count = 4;
    const item = await shardedSku(12, count);
    const holds = Array.from({ length: 8 }, (_, i) => ({
      id: unique(`shr${i}`),
      shard: i % count,
    }));
    for (const h of holds) await shard(item.sku, h.shard).hold(h.id, 1, 600_000);
    const adjust = (delta: number) =>
      adminCall("POST", `/api/v1/admin/inventory/${item.sku}/adjustments`, { delta });
    expect(await (await adjust(-11)).json()).toMatchObject({ onHand: 1, reserved: 8 });
    const commits = await Promise.all(holds.map((h) => shard(item.sku, h.shard).commit(h.id)));
    expect(commits.filter((r) => r.ok)).toHaveLength(1);
    expect(await (await adjust(-5)).json()).toMatchObject({ onHand: 0, reserved: 0 });
    expect(await (await adjust(3)).json()).toMatchObject({ onHand: 3, available: 3 });
  });

  it("credits a transfer once when the taker stopped after the giver gave", async () => {
    const item = await shardedSku(10, 2);
    const id = unique("transfer");
    await givenNotCredited(item.sku, id);

    // Its alarm asks again with the same id: the giver answers the same 5, gives nothing more.
    await runDurableObjectAlarm(shard(item.sku, 1));
    expect((await shardLevels(item.sku, 2)).map((l) => l.onHand)).toEqual([5, 5]);
    await runDurableObjectAlarm(shard(item.sku, 1));
    expect(await shard(item.sku, 0).give(id, 1, 4)).toBe(5);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it("sells exactly the stock to shoppers checking out at once, and a cancel returns its units", async () => {
    const item = await shardedSku(12, 4);
    const shoppers = await Promise.all(Array.from({ length: 36 }, () => guest()));
    for (const s of shoppers) expect((await addToCart(s.token, item.sku, 1)).status).toBe(200);
    const responses = await Promise.all(shoppers.map((s) => checkout(s.token)));
    const paid = responses.filter((r) => r.status === 201);
    expect(paid).toHaveLength(12);
    for (const r of responses.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect((await problemOf(r)).code).toBe("insufficient_stock");
    }
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });

    const order = (await paid[0]?.json()) as OrderBody;
    const owner = shoppers[responses.indexOf(paid[0] as Response)];
    const cancelled = await call("POST", `/api/v1/orders/${order.id}/cancel`, {
      token: owner?.token ?? "",
    });
    expect(cancelled.status).toBe(200);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
  }, 20_000);
});
