import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { unique } from "./helpers";

const limits = (
  usageLimit: number | null,
  perCustomerLimit: number | null = null,
  ttlMs = 60_000,
) => ({
  usageLimit,
  perCustomerLimit,
  ttlMs,
});

const authority = () => env.DISCOUNTS.get(env.DISCOUNTS.idFromName(unique("code")));

describe("a discount code's authority", () => {
  it("gives exactly the limit's uses to 500 checkouts asking at once", async () => {
    const code = authority();
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        code.hold(`ord_${i}`, `email:s${i}@example.com`, limits(50)),
      ),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(50);
    expect(answers.filter((a) => !a.ok && a.reason === "used_up")).toHaveLength(450);
    expect(await code.counts()).toEqual({ used: 0, held: 50 });
    // Committing all 50 and releasing the refused ones changes nothing more.
    const won = answers.flatMap((a, i) => (a.ok ? [`ord_${i}`] : []));
    await Promise.all(won.map((id) => code.commit(id)));
    expect(await code.counts()).toEqual({ used: 50, held: 0 });
    expect(await code.hold("ord_late", "email:late@example.com", limits(50))).toEqual({
      ok: false,
      reason: "used_up",
    });
  });

  it("answers a hold again as it did, and gives back a released use for good (a tombstone)", async () => {
    const code = authority();
    expect(await code.hold("ord_a", "customer:1", limits(1))).toEqual({ ok: true });
    expect(await code.hold("ord_a", "customer:1", limits(1))).toEqual({ ok: true });
    expect(await code.hold("ord_b", "customer:2", limits(1))).toEqual({
      ok: false,
      reason: "used_up",
    });
    expect(await code.release("ord_a")).toEqual({ state: "released" });
    expect(await code.counts()).toEqual({ used: 0, held: 0 });
    // The released hold stays released: a retry of it never takes the use again, nor commits.
    expect(await code.hold("ord_a", "customer:1", limits(1))).toEqual({
      ok: false,
      reason: "released",
    });
    expect(await code.commit("ord_a")).toEqual({ ok: false, reason: "released" });
    // A release that arrives before its hold (a lost reply, a retry) bars the hold.
    expect(await code.release("ord_c")).toEqual({ state: "released" });
    expect(await code.hold("ord_c", "customer:3", limits(1))).toEqual({
      ok: false,
      reason: "released",
    });
    expect(await code.hold("ord_b", "customer:2", limits(1))).toEqual({ ok: true });
  });

  it("gives back a committed use when its checkout is undone before capture", async () => {
    const code = authority();
    await code.hold("ord_a", "customer:1", limits(1));
    expect(await code.commit("ord_a")).toEqual({ ok: true });
    expect(await code.commit("ord_a")).toEqual({ ok: true });
    expect(await code.counts()).toEqual({ used: 1, held: 0 });
    expect(await code.release("ord_a")).toEqual({ state: "released" });
    expect(await code.counts()).toEqual({ used: 0, held: 0 });
    expect(await code.hold("ord_b", "customer:2", limits(1))).toEqual({ ok: true });
  });

  it("limits each customer (or guest email) on its own", async () => {
    const code = authority();
    expect(await code.hold("ord_1", "email:ada@example.com", limits(null, 2))).toEqual({
      ok: true,
    });
    expect(await code.hold("ord_2", "email:ada@example.com", limits(null, 2))).toEqual({
      ok: true,
    });
    expect(await code.hold("ord_3", "email:ada@example.com", limits(null, 2))).toEqual({
      ok: false,
      reason: "customer_limit",
    });
    expect(await code.hold("ord_4", "email:bob@example.com", limits(null, 2))).toEqual({
      ok: true,
    });
    await code.release("ord_1");
    expect(await code.hold("ord_5", "email:ada@example.com", limits(null, 2))).toEqual({
      ok: true,
    });
  });

  it("lets an uncommitted hold expire by its alarm, and then it cannot be committed", async () => {
    const code = authority();
    expect(await code.hold("ord_a", "customer:1", limits(1, null, 1))).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 5));
    // Set for a moment already past, the alarm may have run by itself; else it runs now.
    await runDurableObjectAlarm(code);
    await runInDurableObject(code, async (_, state) => {
      expect(state.storage.sql.exec("SELECT state FROM redemptions").one()).toEqual({
        state: "released",
      });
    });
    expect(await code.counts()).toEqual({ used: 0, held: 0 });
    expect(await code.commit("ord_a")).toEqual({ ok: false, reason: "released" });
    expect(await code.hold("ord_b", "customer:2", limits(1))).toEqual({ ok: true });
  });
});
