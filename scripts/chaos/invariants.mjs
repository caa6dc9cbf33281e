/** The chaos run's checks, made from outside through the API only. */
import { call } from "./shop.mjs";

const SOLD = new Set(["paid", "partially_fulfilled", "fulfilled", "fulfillment_failed"]);
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
  { replayKeys = true, code = null, giftCard = null } = {},
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

  // Read beside the orders above, before any key is replayed: a replayed key that never
  // reached the server starts a new checkout, which would spend what those orders do not show.
  // The code's uses: never over its limit, none left held, and one per sold order that got it.
  let redemptionsWrong = 0;
  let codeUsed = null;
  if (code) {
    const uses = (
      await call(baseUrl, "GET", `/api/v1/admin/discounts/${code.code}`, { token: adminToken })
    ).body;
    const withCode = sold.filter((o) =>
      (o.discounts ?? []).some((d) => d.code === code.code),
    ).length;
    redemptionsWrong =
      Math.max(0, uses.used - code.usageLimit) + uses.held + Math.abs(uses.used - withCode);
    codeUsed = `${uses.used}/${code.usageLimit}`;
  }

  // The gift card's balance: what it was issued for less what sold orders took of it, none held.
  let giftCardDrift = 0;
  let giftCardSpent = null;
  if (giftCard) {
    const card = (
      await call(baseUrl, "GET", `/api/v1/admin/gift-cards/${giftCard.id}`, { token: adminToken })
    ).body;
    const spent = sold
      .filter((o) => o.status !== "cancelled" && o.giftCard?.last4 === giftCard.last4)
      .reduce((n, o) => n + o.giftCard.amount.amount, 0);
    giftCardDrift =
      Math.abs(giftCard.initial - spent - card.balance.amount) +
      card.held.amount +
      (card.balance.amount < 0 ? 1 : 0);
    giftCardSpent = `${spent}/${giftCard.initial}`;
  }

  let keysStuck = 0;
  let answeredInternal = 0;
  if (replayKeys) {
    // Every key a shopper's first tab sent, and the second tabs' keys the server answered (one
    // that died unanswered may never have arrived: sent now it would be a new checkout).
    for (const s of shoppers) {
      for (const [key, last] of s.answers) {
        if (key !== s.key && last.status === "killed") continue;
        const answer = await sendCheckout(baseUrl, s, key);
        s.answers.set(key, answer);
        if (answer.code === "idempotency_in_progress") keysStuck += 1;
        // An undone checkout's final answer is `checkout_interrupted`, never a 5xx.
        if (typeof answer.status === "number" && answer.status >= 500) answeredInternal += 1;
      }
    }
  }

  return {
    paid: sold.length,
    redemptionsWrong,
    codeUsed,
    giftCardDrift,
    giftCardSpent,
    undone: undoneCheckouts(orders, shoppers),
    notPaid: orders.length - sold.length,
    doubleCharges: [...byShopper.values()].filter((n) => n > 1).length,
    oversold,
    reservedLeft,
    keysStuck,
    answeredInternal,
    ordersNotFinal: orders.filter((o) => !FINAL.has(o.status) && o.status !== "paid").length,
    paidUnfulfilled: orders.filter((o) => o.status === "paid").length,
    cartsWrong,
  };
}

/** A checkout's answer: what a crash-undone checkout replays to its key ("nothing was charged"). */
const isUndoneAnswer = (a) => a.code === "checkout_interrupted";

/**
 * Checkouts undone after a crash, from the answers and the records: per shopper, the keys whose
 * last answer says undone (a checkout stopped before its order was written has no order to show
 * it), or the orders voided as interrupted (a key that died and was never replayed has
 * no answer to show it), whichever is more.
 */
export function undoneCheckouts(orders, shoppers) {
  const voided = new Map();
  for (const o of orders) {
    if (o.events.some((e) => e.type === "payment_failed" && e.reason === "checkout_interrupted")) {
      voided.set(o.shopperId, (voided.get(o.shopperId) ?? 0) + 1);
    }
  }
  let undone = 0;
  for (const s of shoppers) {
    const answered = [...s.answers.values()].filter(isUndoneAnswer).length;
    undone += Math.max(answered, voided.get(s.id) ?? 0);
  }
  return undone;
}

/** Sends a shopper's checkout with `key`; answers its status and problem code (null for none). */
export async function sendCheckout(baseUrl, shopper, key) {
  const res = await fetch(`${baseUrl}/api/v1/checkout`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${shopper.token}`,
      "content-type": "application/json",
      "idempotency-key": key,
    },
    body: JSON.stringify(shopper.checkout),
  });
  const text = await res.text();
  let code = null;
  try {
    code = JSON.parse(text).code ?? null;
  } catch {}
  return { status: res.status, code };
}

/** Polls (without replaying keys, which would itself settle them) until every invariant holds. */
export async function waitForSettled(
  baseUrl,
  adminToken,
  shoppers,
  skus,
  { timeoutMs, code, giftCard },
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await checkInvariants(baseUrl, adminToken, shoppers, skus, {
      replayKeys: false,
      code,
      giftCard,
    });
    const broken =
      found.redemptionsWrong +
      found.giftCardDrift +
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
