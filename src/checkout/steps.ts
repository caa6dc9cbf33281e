import { rememberSoldOut } from "../catalog/availability";
import { queueEmailStatement } from "../emails/outbox";
import { AppError, type FieldError } from "../errors";
import { awaitsHandOver } from "../fulfillment/hand-over";
import { FALLBACK_MARKET_ID, REST_OF_WORLD_METHOD_ID } from "../markets/load";
import { money } from "../money";
import { insertOrderStatements, type NewOrder, transitionStatements } from "../orders/repo";
import { retryDelayMs } from "../processes/drive";
import { boughtCardsOf, issueBoughtCards } from "../promotions/bought-cards";
import type { Order } from "../schemas/orders";
import {
  allOrFirstFailure,
  type CheckoutStep,
  declined,
  dueOf,
  goBack,
  mustOrder,
  refuse,
} from "./moves";
import { knownSoldOutRefusal } from "./pricing";
import { authenticationDeadline, failure, holdIdFor, insufficient, waitingFor } from "./record";
import { commitRedemption, lostRedemption } from "./redeeming";
import { commitSpend, lostSpend } from "./spending";

/** A fulfillment not confirmed by then is sent again (the queue lost it, or it is still running). */
const FULFILLMENT_CONFIRM_MS = 30_000;

/**
 * Holds every line at once; a shortfall anywhere gives back all of them. A sku that a hold found
 * sold out while this checkout was being priced (a flash sale) is refused before any hold is
 * asked: nothing was done yet, so the checkout ends here, as `pricing` would have ended it.
 */
export const holding: CheckoutStep = async ({ stock, rules }, record) => {
  const order = mustOrder(record);
  const soldOut = knownSoldOutRefusal(order.lines);
  // A code's use or a gift card's amount was held: going back gives it back; no unit was held.
  if (soldOut && (order.redemption || record.request.giftCard)) {
    return { patch: { state: "unwinding", failure: { ...failure("holding", soldOut), held: [] } } };
  }
  if (soldOut) return refuse(soldOut);
  const held = await allOrFirstFailure(
    order.lines.map((l) =>
      stock(l.sku, l.shard).hold(holdIdFor(order.id, l.sku), l.quantity, rules.holdTtlMs),
    ),
  );
  const short: FieldError[] = [];
  held.forEach((result, i) => {
    if (result.ok) return;
    const available = result.reason === "insufficient" ? result.available : 0;
    if (available === 0) rememberSoldOut(order.lines[i]?.sku ?? "");
    short.push({ path: `items.${order.lines[i]?.sku}`, message: `only ${available} available` });
  });
  if (short.length > 0) {
    const made = order.lines.filter((_, i) => held[i]?.ok);
    return {
      patch: {
        state: "unwinding",
        failure: { ...failure("holding", insufficient(short)), held: made.map((l) => l.sku) },
      },
    };
  }
  return { patch: { state: "recording" } };
};

/** Writes the order (once, whatever the retries) and keeps the number D1 gave it. */
export const recording: CheckoutStep = async ({ db }, record) => {
  const order = mustOrder(record);
  const results = await db.batch([
    ...insertOrderStatements(db, order),
    db.prepare("SELECT number FROM orders WHERE id = ?").bind(order.id),
  ]);
  const number = (results.at(-1)?.results[0] as { number: number | null } | undefined)?.number;
  return { patch: { state: "authorizing", order: { ...order, number: number ?? undefined } } };
};

/**
 * Authorizes what the card pays. With nothing left to pay (a gift card paid it all) no provider is
 * asked: on to the commit.
 */
export const authorizing: CheckoutStep = async ({ payments, rules }, record) => {
  const order = mustOrder(record);
  const due = dueOf(order);
  if (due.amount === 0) return { patch: { state: "committing" } };
  const token = record.request.paymentToken;
  if (!token) throw new Error(`checkout ${record.id} has ${due.amount} to pay and no payment`);
  const auth = await payments.authorize({
    amount: due,
    token,
    idempotencyKey: `${order.id}:authorize`,
    orderId: order.id,
  });
  if (!auth.ok && auth.declined) {
    return goBack("authorizing", declined(auth.message));
  }
  if (!auth.ok) {
    return {
      patch: {
        state: "authenticating",
        authorizationId: auth.authorizationId,
        wakeAt: authenticationDeadline(order, rules.holdTtlMs),
        outcome: waitingFor(auth.clientSecret),
      },
      waiting: true,
    };
  }
  return { patch: { state: "committing", authorizationId: auth.authorizationId } };
};

/**
 * Asks the provider whether the shopper has authenticated: on to the commit once the money is
 * held; back when the bank refused, or when the deadline passed (the holds would run out);
 * otherwise waits, and the alarm looks again at the deadline. The same key sent again after the
 * shopper's authentication, or the provider's webhook, drives it on at once.
 */
export const authenticating: CheckoutStep = async ({ payments, rules }, record) => {
  const order = mustOrder(record);
  if (!record.authorizationId) throw new Error(`checkout ${record.id} has no authorization`);
  const auth = await payments.authorization(record.authorizationId);
  if (auth.state === "authorized") return { patch: { state: "committing", outcome: null } };
  if (auth.state === "failed") {
    return goBack("authenticating", declined(auth.message));
  }
  const deadline = authenticationDeadline(order, rules.holdTtlMs);
  if (Date.now() >= deadline) {
    return goBack(
      "authenticating",
      new AppError(
        "payment_declined",
        "The payment was not confirmed in time. Nothing was charged.",
      ),
    );
  }
  return {
    patch: { state: "authenticating", wakeAt: deadline, outcome: waitingFor(auth.clientSecret) },
    waiting: true,
  };
};

/**
 * Sells the held units, and makes the code's use final, before any money is captured: capture
 * only ever pays for sold units at a discount that counted.
 */
export const committing: CheckoutStep = async ({ stock, discounts, giftCards }, record) => {
  const order = mustOrder(record);
  const [redeemed, spent, ...committed] = await allOrFirstFailure<boolean | { ok: boolean }>([
    commitRedemption(discounts, order),
    commitSpend(giftCards, order),
    ...order.lines.map((l) => stock(l.sku, l.shard).commit(holdIdFor(order.id, l.sku))),
  ]);
  if (redeemed === false && order.redemption) {
    return goBack("committing", lostRedemption(order.redemption.code));
  }
  if (spent === false) return goBack("committing", lostSpend());
  const lost = order.lines.filter((_, i) => !(committed[i] as { ok: boolean } | undefined)?.ok);
  if (lost.length > 0) {
    // A hold expired, or an admin took its units away: never sell what is gone.
    return goBack(
      "committing",
      insufficient(lost.map((l) => ({ path: `items.${l.sku}`, message: "only 0 available" }))),
    );
  }
  return { patch: { state: "capturing" } };
};

/**
 * Captures what the card pays (nothing to capture when a gift card paid it all), then in one
 * storage step: the answer is the paid order and the cart is empty.
 */
export const capturing: CheckoutStep = async ({ payments }, record) => {
  const order = mustOrder(record);
  let paymentId: string | null = null;
  if (dueOf(order).amount > 0) {
    if (!record.authorizationId) throw new Error(`checkout ${record.id} has no authorization`);
    const captured = await payments.capture({
      authorizationId: record.authorizationId,
      amount: dueOf(order),
      idempotencyKey: `${order.id}:capture`,
    });
    if (!captured.ok) return goBack("capturing", declined(captured.message));
    paymentId = captured.paymentId;
  }
  const paidAt = new Date().toISOString();
  return {
    patch: {
      state: "marking_paid",
      paymentId,
      paidAt,
      outcome: { kind: "paid", order: paidOrderView(order, paidAt) },
    },
    clearCart: true,
  };
};

/**
 * The D1 order becomes `paid`, and its confirmation email is queued in the same batch; the gift
 * cards it bought are issued first (each in its object, idempotently), their rows and their email
 * in that batch.
 */
export const markingPaid: CheckoutStep = async ({ db, giftCards, giftCardSecret }, record) => {
  const order = mustOrder(record);
  const cards = await boughtCardsOf(giftCardSecret, order);
  const issued = await issueBoughtCards(cards, order.id, giftCards, db);
  await db.batch([
    ...issued,
    ...transitionStatements(
      db,
      order.id,
      ["pending_payment"],
      "paid",
      { type: "paid", data: { paymentId: record.paymentId }, once: "paid" },
      record.paymentId ?? undefined,
      record.paidAt ?? undefined,
    ),
    queueEmailStatement(db, order.id, "order_confirmed"),
    ...(cards.length > 0 ? [queueEmailStatement(db, order.id, "gift_cards_issued")] : []),
  ]);
  return { patch: { state: "fulfilling", attempts: 0, wakeAt: Date.now() } };
};

/**
 * The transactional outbox of fulfillment: sends the order to the queue, and again after a while
 * until the consumer has moved the order on (fulfilled, fulfillment_failed, or cancelled meanwhile)
 * or handed it to a provider that ships it later (the merchant's list to pack, a warehouse).
 */
export const fulfilling: CheckoutStep = async ({ db, sendFulfillment }, record) => {
  // The first send follows `marking_paid` at once, so the order was just paid (a cancel since then
  // is harmless: the consumer fulfills only a paid order). Later sends look first.
  if (record.attempts > 0) {
    const due = await awaitsHandOver(db, record.id);
    if (due === null) throw new Error(`paid order ${record.id} is missing from D1`);
    // Shipped, cancelled, failed, or with a provider that ships it when the goods leave.
    if (!due) return { patch: { state: "done", wakeAt: null } };
  }
  await sendFulfillment(record.id, record.request.requestId);
  const attempts = record.attempts + 1;
  return {
    patch: {
      state: "fulfilling",
      attempts,
      wakeAt: Date.now() + FULFILLMENT_CONFIRM_MS + retryDelayMs(attempts),
    },
  };
};

/** The paid order as the contract shows it, built from the record (the D1 order follows it). */
function paidOrderView(order: NewOrder, paidAt: string): Order {
  const m = (amount: number) => money(amount, order.currency);
  return {
    id: order.id,
    number: String(order.number ?? ""),
    status: "paid",
    email: order.email,
    market: order.market ?? FALLBACK_MARKET_ID,
    currency: order.currency,
    lines: order.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      variantTitle: l.variantTitle,
      unitPrice: m(l.unitPrice),
      quantity: l.quantity,
      lineTotal: m(l.lineTotal),
      discount: m(l.discount ?? 0),
    })),
    subtotal: m(order.subtotal),
    giftCard: order.giftCard
      ? { last4: order.giftCard.last4, amount: m(order.giftCard.amount) }
      : null,
    discountTotal: m(order.discountTotal ?? 0),
    discounts: (order.discounts ?? []).map((d) => ({
      code: d.code,
      title: d.title,
      amount: m(d.amount),
    })),
    shipping: m(order.shipping),
    tax: m(order.tax ?? 0),
    refundedTotal: m(0),
    netTotal: m(order.total),
    paymentStatus: "paid",
    taxLines: (order.taxLines ?? []).map((t) => ({
      name: t.name,
      rate: t.rate,
      amount: m(t.amount),
    })),
    total: m(order.total),
    pricesIncludeTax: order.pricesIncludeTax ?? false,
    shippingMethod: order.shippingMethod ?? {
      id: REST_OF_WORLD_METHOD_ID,
      name: "Standard shipping",
    },
    shippingAddress: order.shippingAddress,
    createdAt: order.createdAt,
    updatedAt: paidAt,
    shipments: [],
    events: [
      { type: "created", at: order.createdAt },
      { type: "paid", at: paidAt },
    ],
  };
}
