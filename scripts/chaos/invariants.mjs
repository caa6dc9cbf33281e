/** The chaos run's checks, made from outside through the API only. */
import { call } from "./shop.mjs";

const SOLD = new Set(["paid", "fulfilled", "fulfillment_failed"]);
const FINAL = new Set(["fulfilled", "fulfillment_failed", "payment_failed", "cancelled"]);

async function allOrders(baseUrl, adminToken) {
  const orders = [];
  let cursor = null;
  do {
    const query = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : "?limit=100";
    const page = await call(baseUrl, "GET", `/api/v1/admin/orders${query}`, { token: adminToken });
    orders.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return orders;
}

/** Counts every broken promise of money and stock; all zero means the run settled cleanly. */
export async function checkInvariants(
  baseUrl,
  adminToken,
  shoppers,
  skus,
  { replayKeys = true } = {},
) {
  const orders = await allOrders(baseUrl, adminToken);
  const sold = orders.filter((o) => SOLD.has(o.status) || o.events.some((e) => e.type === "paid"));
  const byShopper = new Map();
  for (const o of sold) byShopper.set(o.shopperId, (byShopper.get(o.shopperId) ?? 0) + 1);

  let oversold = 0;
  let reservedLeft = 0;
  for (const { sku, stock } of skus) {
    const units = sold
      .filter((o) => o.status !== "cancelled")
      .flatMap((o) => o.lines)
      .filter((l) => l.sku === sku)
      .reduce((n, l) => n + l.quantity, 0);
    const level = (
      await call(baseUrl, "GET", `/api/v1/admin/inventory/${sku}`, { token: adminToken })
    ).body;
    // Units committed must equal units in sold orders, and never exceed the stock.
    if (units > stock || level.onHand !== stock - units)
      oversold += Math.abs(stock - units - level.onHand) || 1;
    reservedLeft += level.reserved;
  }

  let cartsWrong = 0;
  for (const s of shoppers) {
    const cart = (await call(baseUrl, "GET", "/api/v1/cart", { token: s.token })).body;
    const items = cart.items.map((i) => `${i.sku}x${i.quantity}`).join(",");
    const expected = byShopper.get(s.id)
      ? ""
      : s.lines.map((l) => `${l.sku}x${l.quantity}`).join(",");
    if (items !== expected) cartsWrong += 1;
  }

  let keysStuck = 0;
  if (replayKeys) {
    for (const s of shoppers) {
      const res = await fetch(`${baseUrl}/api/v1/checkout`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${s.token}`,
          "content-type": "application/json",
          "idempotency-key": s.key,
        },
        body: JSON.stringify(s.checkout),
      });
      const body = await res.json();
      if (body.code === "idempotency_in_progress") keysStuck += 1;
    }
  }

  const undone = orders.filter((o) =>
    o.events.some((e) => e.type === "payment_failed" && e.reason === "internal"),
  ).length;
  return {
    paid: sold.length,
    undone,
    notPaid: orders.length - sold.length,
    doubleCharges: [...byShopper.values()].filter((n) => n > 1).length,
    oversold,
    reservedLeft,
    keysStuck,
    ordersNotFinal: orders.filter((o) => !FINAL.has(o.status) && o.status !== "paid").length,
    paidUnfulfilled: orders.filter((o) => o.status === "paid").length,
    cartsWrong,
  };
}

/** Polls (without replaying keys, which would itself settle them) until every invariant holds. */
export async function waitForSettled(baseUrl, adminToken, shoppers, skus, { timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await checkInvariants(baseUrl, adminToken, shoppers, skus, { replayKeys: false });
    const broken =
      found.doubleCharges +
      found.oversold +
      found.reservedLeft +
      found.ordersNotFinal +
      found.paidUnfulfilled +
      found.cartsWrong;
    if (broken === 0) return { ok: true, at: Date.now() };
    await new Promise((r) => setTimeout(r, 2_000));
  }
  return { ok: false, at: Date.now() };
}
