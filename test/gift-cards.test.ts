import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { giftCardKey } from "../src/promotions/gift-card-authority";
import { adminCall, browser, call, problemOf } from "./helpers";

interface Card {
  id: string;
  code: string;
  last4: string;
  balance: { amount: number; currency: string };
  held: { amount: number };
  status: string;
}

async function issue(amount: number, currency = "USD") {
  const res = await adminCall("POST", "/api/v1/admin/gift-cards", {
    amount: { amount, currency },
    note: "for a test",
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Card;
}

const cardObject = async (code: string) =>
  env.GIFT_CARDS.get(env.GIFT_CARDS.idFromName(await giftCardKey(code)));

describe("a gift card's authority", () => {
  it("never spends more than the balance, however many hold at once", async () => {
    const card = await issue(10_000);
    const object = await cardObject(card.code);
    const spend = { currency: "USD", max: 3000, whole: true, ttlMs: 60_000 };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => object.hold(`ord_${i}`, spend)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.reason === "insufficient")).toHaveLength(7);
    expect(await object.state()).toMatchObject({ balance: 1000, held: 9000 });
    // A partial spend takes what is left; then the card is empty.
    expect(await object.hold("ord_part", { ...spend, whole: false })).toEqual({
      ok: true,
      amount: 1000,
    });
    expect(await object.hold("ord_more", { ...spend, whole: false })).toMatchObject({
      ok: false,
      reason: "empty",
    });
  });

  it("commits, releases with a tombstone, credits a refund once and never more than spent", async () => {
    const card = await issue(5000);
    const object = await cardObject(card.code);
    const spend = { currency: "USD", max: 2000, whole: false, ttlMs: 60_000 };
    expect(await object.hold("a", spend)).toEqual({ ok: true, amount: 2000 });
    expect(await object.hold("a", spend)).toEqual({ ok: true, amount: 2000 });
    expect(await object.commit("a")).toEqual({ ok: true });
    await object.release("b");
    expect(await object.hold("b", spend)).toMatchObject({ ok: false, reason: "released" });
    expect(await object.hold("c", { ...spend, currency: "EUR" })).toMatchObject({
      ok: false,
      reason: "currency",
    });
    expect(await object.credit("refund-1", "a", 5000)).toEqual({ ok: true, amount: 2000 });
    expect(await object.credit("refund-1", "a", 5000)).toEqual({ ok: true, amount: 2000 });
    expect(await object.credit("refund-2", "a", 100)).toEqual({ ok: true, amount: 0 });
    expect(await object.state()).toMatchObject({ balance: 5000, held: 0 });
  });

  it("lets an expired hold's money go back", async () => {
    const card = await issue(1000);
    const object = await cardObject(card.code);
    await object.hold("x", { currency: "USD", max: 1000, whole: true, ttlMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await object.state()).toMatchObject({ balance: 1000, held: 0 });
    expect(await object.commit("x")).toEqual({ ok: false });
  });
});

describe("gift cards in the admin API and for shoppers", () => {
  it("issues a card whose code is shown once, looks it up, checks its balance and voids it", async () => {
    const card = await issue(2500, "EUR");
    expect(card.code).toMatch(/^GC(-[A-Z2-9]{4}){4}$/);
    expect(card).toMatchObject({ balance: { amount: 2500, currency: "EUR" }, status: "active" });
    expect(card.last4).toBe(card.code.slice(-4));
    const read = await (await adminCall("GET", `/api/v1/admin/gift-cards/${card.id}`)).json();
    expect(read).not.toHaveProperty("code");
    const typed = card.code.toLowerCase().replaceAll("-", " ");
    const found = await adminCall("POST", "/api/v1/admin/gift-cards/lookup", { code: typed });
    expect(((await found.json()) as Card).id).toBe(card.id);
    const balance = await call("POST", "/api/v1/gift-cards/balance", { body: { code: card.code } });
    expect(await balance.json()).toEqual({
      last4: card.last4,
      balance: { amount: 2500, currency: "EUR" },
      status: "active",
    });
    const unknown = await call("POST", "/api/v1/gift-cards/balance", {
      body: { code: "GC-NONE-NONE" },
    });
    expect(unknown.status).toBe(404);
    expect((await adminCall("POST", `/api/v1/admin/gift-cards/${card.id}/void`)).status).toBe(200);
    const again = await adminCall("POST", `/api/v1/admin/gift-cards/${card.id}/void`);
    expect(again.status).toBe(409);
    const object = await cardObject(card.code);
    expect(
      await object.hold("late", { currency: "EUR", max: 1, whole: true, ttlMs: 60_000 }),
    ).toMatchObject({
      ok: false,
      reason: "void",
    });
    const list = (await (await adminCall("GET", "/api/v1/admin/gift-cards")).json()) as {
      items: Card[];
    };
    expect(list.items.find((c) => c.id === card.id)?.status).toBe("void");
  });

  it("refuses a card of no amount or a bad currency", async () => {
    for (const amount of [
      { amount: 0, currency: "USD" },
      { amount: 100, currency: "usd" },
    ]) {
      const res = await adminCall("POST", "/api/v1/admin/gift-cards", { amount });
      expect(res.status).toBe(400);
      expect((await problemOf(res)).code).toBe("validation_failed");
    }
  });
});

describe("the gift card balance page", () => {
  it("tells a shopper what is left on a card, and that an unknown code is unknown", async () => {
    const card = await issue(1234);
    const b = browser();
    expect((await b.get("/gift-cards")).status).toBe(200);
    const found = await b.post("/gift-cards", { code: card.code.toLowerCase() });
    expect(found.status).toBe(200);
    expect(await found.text()).toContain(`The card ending ${card.last4} has $12.34 left.`);
    const unknown = await b.post("/gift-cards", { code: "GC-NOPE-NOPE-NOPE-NOPE" });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("No gift card has that code.");
  });
});
