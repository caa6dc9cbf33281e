import { lookupSkus } from "../cart/catalog-lookup";
import { knownSoldOut, rememberSoldOut } from "../catalog/availability";
import { queueEmailStatement } from "../emails/outbox";
import { AppError, type FieldError, problemBody } from "../errors";
import { type HoldResult, shardFor } from "../inventory";
import { formatMoney, money } from "../money";
import {
  insertOrderStatements,
  type NewOrder,
  transitionOrder,
  transitionStatements,
} from "../orders/repo";
import { shippingFor } from "../orders/shipping";
import type { PaymentProvider } from "../payments/provider";
import type { Order } from "../schemas/orders";
import {
  authenticationDeadline,
  authenticationProblem,
  type CheckoutRecord,
  type CheckoutState,
  type ForwardState,
  failure,
  holdIdFor,
  insufficient,
  reached,
  retryDelayMs,
} from "./record";

/** The calls checkout and cancel make on one sku's InventoryObject. */
export interface StockAuthority {
  hold(holdId: string, quantity: number, ttlMs: number): Promise<HoldResult>;
  commit(holdId: string): Promise<HoldResult>;
  unwind(holdId: string): Promise<HoldResult>;
}

export interface CheckoutDeps {
  db: D1Database;
  /** The sku's stock object: its home, or the shard `shard` of a sku whose stock is split. */
  stock: (sku: string, shard?: number) => StockAuthority;
  payments: PaymentProvider;
  sendFulfillment: (orderId: string, requestId?: string) => Promise<void>;
  rules: { currency: string; shippingFlat: number; freeShippingOver: number; holdTtlMs: number };
}

/** What a step changes in the record, written in one storage step after its effect. */
export interface StepResult {
  patch: Partial<CheckoutRecord> & { state: CheckoutState };
  /** Empty the cart in the same storage step (the checkout was paid). */
  clearCart?: boolean;
  /** The step waits for the shopper (3-D Secure): stop driving and answer what `replyBody` says. */
  waiting?: boolean;
}

type Step = (deps: CheckoutDeps, record: CheckoutRecord) => Promise<StepResult>;

/** A fulfillment not confirmed by then is sent again (the queue lost it, or it is still running). */
const FULFILLMENT_CONFIRM_MS = 30_000;

/** Ends the checkout with `status` and `body` as its answer for ever (the key replays it). */
const settle = (status: number, body: unknown): StepResult => ({
  patch: {
    state: "done",
    replyStatus: status,
    replyBody: JSON.stringify(body),
    wakeAt: null,
  },
});

const fail = (err: AppError) => settle(err.status, problemBody(err));

/** Goes back from `from`: everything done so far is undone, then `err` is the answer. */
const goBack = (from: ForwardState, err: AppError): StepResult => ({
  patch: { state: "unwinding", failure: failure(from, err) },
});

const mustOrder = (record: CheckoutRecord): NewOrder => {
  if (!record.order) throw new Error(`checkout ${record.id} has no order in state ${record.state}`);
  return record.order;
};

const totalOf = (order: NewOrder) => money(order.total, order.currency);

/**
 * The refusal of a cart with a line a hold found sold out in the last second, known without any
 * D1 read or stock-object call; null when none is.
 */
export function knownSoldOutRefusal(lines: readonly { sku: string }[]): AppError | null {
  const soldOut = knownSoldOut(lines.map((l) => l.sku));
  if (soldOut.length === 0) return null;
  return insufficient(
    soldOut.map((sku) => ({ path: `items.${sku}`, message: "only 0 available" })),
  );
}

/** Reprices the cart from the catalog in D1 (never from a cache) into the order to be paid. */
const pricing: Step = async ({ db, rules }, record) => {
  const req = record.request;
  if (req.lines.length === 0) return fail(new AppError("cart_empty", "The cart is empty."));
  const soldOut = knownSoldOutRefusal(req.lines);
  if (soldOut) return fail(soldOut);
  const catalog = await lookupSkus(
    db,
    req.lines.map((l) => l.sku),
  );
  const gone = req.lines.filter((l) => !catalog.get(l.sku)?.active);
  if (gone.length > 0) {
    return fail(
      insufficient(
        gone.map((l) => ({ path: `items.${l.sku}`, message: "no longer sold: 0 available" })),
      ),
    );
  }
  const lines = req.lines.map((l) => {
    const info = catalog.get(l.sku);
    if (!info) throw new Error("unreachable: checked above");
    return {
      sku: l.sku,
      title: info.productTitle,
      variantTitle: info.variantTitle,
      unitPrice: info.priceAmount,
      quantity: l.quantity,
      lineTotal: info.priceAmount * l.quantity,
      shard: shardFor(req.shopperId, l.sku, info.shards),
    };
  });
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const shipping = shippingFor(subtotal, rules);
  const order: NewOrder = {
    id: record.id,
    shopperId: req.shopperId,
    email: req.email,
    shippingAddress: req.shippingAddress,
    currency: rules.currency,
    subtotal,
    shipping,
    total: subtotal + shipping,
    lines,
    createdAt: new Date().toISOString(),
  };
  const expected = req.expectedTotal;
  if (expected && (expected.amount !== order.total || expected.currency !== order.currency)) {
    return fail(priceChanged(order, expected, catalog));
  }
  return { patch: { state: "holding", order } };
};

function priceChanged(
  order: NewOrder,
  expected: { amount: number; currency: string },
  catalog: Awaited<ReturnType<typeof lookupSkus>>,
): AppError {
  const errors: FieldError[] = order.lines.map((l) => ({
    path: `items.${l.sku}`,
    message: `now ${formatMoney(money(catalog.get(l.sku)?.priceAmount ?? 0, order.currency))} each`,
  }));
  const total = formatMoney(totalOf(order));
  return new AppError(
    "price_changed",
    `The total is now ${total}, not ${formatMoney(money(expected.amount, expected.currency))}. Nothing was charged; review the cart and check out again.`,
    errors,
  );
}

/**
 * Holds every line at once; a shortfall anywhere gives back all of them. A sku that a hold found
 * sold out while this checkout was being priced (a flash sale) is refused before any hold is
 * asked: nothing was done yet, so the checkout ends here, as `pricing` would have ended it.
 */
const holding: Step = async ({ stock, rules }, record) => {
  const order = mustOrder(record);
  const soldOut = knownSoldOutRefusal(order.lines);
  if (soldOut) return fail(soldOut);
  const held = await Promise.allSettled(
    order.lines.map((l) =>
      stock(l.sku, l.shard).hold(holdIdFor(order.id, l.sku), l.quantity, rules.holdTtlMs),
    ),
  );
  const broken = held.find((r) => r.status === "rejected");
  if (broken) throw broken.reason;
  const short: FieldError[] = [];
  held.forEach((result, i) => {
    if (result.status !== "fulfilled" || result.value.ok) return;
    const available = result.value.reason === "insufficient" ? result.value.available : 0;
    if (available === 0) rememberSoldOut(order.lines[i]?.sku ?? "");
    short.push({ path: `items.${order.lines[i]?.sku}`, message: `only ${available} available` });
  });
  if (short.length > 0) {
    const made = order.lines.filter((_, i) => {
      const result = held[i];
      return result?.status === "fulfilled" && result.value.ok;
    });
    return {
      patch: {
        state: "unwinding",
        failure: { ...failure("holding", insufficient(short)), held: made.map((l) => l.sku) },
      },
    };
  }
  return { patch: { state: "recording" } };
};

const recording: Step = async ({ db }, record) => {
  await db.batch(insertOrderStatements(db, mustOrder(record)));
  return { patch: { state: "authorizing" } };
};

const authorizing: Step = async ({ payments, rules }, record) => {
  const order = mustOrder(record);
  const auth = await payments.authorize({
    amount: totalOf(order),
    token: record.request.paymentToken,
    idempotencyKey: `${order.id}:authorize`,
    orderId: order.id,
  });
  if (!auth.ok && auth.declined) {
    return goBack("authorizing", new AppError("payment_declined", auth.message));
  }
  if (!auth.ok) {
    return {
      patch: {
        state: "authenticating",
        authorizationId: auth.authorizationId,
        wakeAt: authenticationDeadline(order, rules.holdTtlMs),
        replyBody: JSON.stringify(authenticationProblem(auth.clientSecret)),
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
const authenticating: Step = async ({ payments, rules }, record) => {
  const order = mustOrder(record);
  if (!record.authorizationId) throw new Error(`checkout ${record.id} has no authorization`);
  const auth = await payments.authorization(record.authorizationId);
  if (auth.state === "authorized") return { patch: { state: "committing", replyBody: null } };
  if (auth.state === "failed") {
    return goBack("authenticating", new AppError("payment_declined", auth.message));
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
  const replyBody = JSON.stringify(authenticationProblem(auth.clientSecret));
  return { patch: { state: "authenticating", wakeAt: deadline, replyBody }, waiting: true };
};

/** Sells the held units before any money is captured: capture only ever pays for sold units. */
const committing: Step = async ({ stock }, record) => {
  const order = mustOrder(record);
  const committed = await Promise.allSettled(
    order.lines.map((l) => stock(l.sku, l.shard).commit(holdIdFor(order.id, l.sku))),
  );
  const broken = committed.find((r) => r.status === "rejected");
  if (broken) throw broken.reason;
  const lost = order.lines.filter((_, i) => {
    const r = committed[i];
    return !(r?.status === "fulfilled" && r.value.ok);
  });
  if (lost.length > 0) {
    // A hold expired, or an admin took its units away: never sell what is gone.
    return goBack(
      "committing",
      insufficient(lost.map((l) => ({ path: `items.${l.sku}`, message: "only 0 available" }))),
    );
  }
  return { patch: { state: "capturing" } };
};

/** Captures, then in one storage step: the answer is the paid order and the cart is empty. */
const capturing: Step = async ({ payments }, record) => {
  const order = mustOrder(record);
  if (!record.authorizationId) throw new Error(`checkout ${record.id} has no authorization`);
  const captured = await payments.capture({
    authorizationId: record.authorizationId,
    amount: totalOf(order),
    idempotencyKey: `${order.id}:capture`,
  });
  if (!captured.ok) return goBack("capturing", new AppError("payment_declined", captured.message));
  const paidAt = new Date().toISOString();
  return {
    patch: {
      state: "settling",
      paymentId: captured.paymentId,
      paidAt,
      replyStatus: 201,
      replyBody: JSON.stringify(paidOrderView(order, paidAt)),
    },
    clearCart: true,
  };
};

/** The D1 order becomes `paid`, and its confirmation email is queued in the same batch. */
const settling: Step = async ({ db }, record) => {
  const order = mustOrder(record);
  await db.batch([
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
  ]);
  return { patch: { state: "fulfilling", attempts: 0, wakeAt: Date.now() } };
};

/**
 * The transactional outbox of fulfillment: sends the order to the queue, and again after a while
 * until the consumer has moved the order on (fulfilled, fulfillment_failed, or cancelled meanwhile).
 */
const fulfilling: Step = async ({ db, sendFulfillment }, record) => {
  // The first send follows `settling` at once, so the order was just paid (a cancel since then
  // is harmless: the consumer fulfills only a paid order). Later sends look first.
  if (record.attempts > 0) {
    const row = await db
      .prepare("SELECT status FROM orders WHERE id = ?")
      .bind(record.id)
      .first<{ status: string }>();
    if (!row) throw new Error(`paid order ${record.id} is missing from D1`);
    if (row.status !== "paid") return { patch: { state: "done", wakeAt: null } };
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

/**
 * Undoes what the checkout did, as far as it got: voids the authorization (never a refund: no
 * money was captured), gives back every hold whether held or committed, marks the order failed.
 * Each part is idempotent, so the whole step runs again after any interruption.
 */
const unwinding: Step = async ({ db, stock, payments }, record) => {
  const why = record.failure;
  if (!why) throw new Error(`checkout ${record.id} unwinds without a failure`);
  const order = record.order;
  if (order && reached(why.from, "authorizing")) {
    // Stopped while authorizing: the authorization may exist unrecorded; asking again with the
    // same idempotency key answers it (or declines), then it is voided.
    let authorizationId = record.authorizationId;
    if (!authorizationId && why.from === "authorizing") {
      const auth = await payments.authorize({
        amount: totalOf(order),
        token: record.request.paymentToken,
        idempotencyKey: `${order.id}:authorize`,
        orderId: order.id,
      });
      authorizationId = auth.ok ? auth.authorizationId : null;
    }
    if (authorizationId) {
      await payments.void({ authorizationId, idempotencyKey: `${order.id}:void` });
    }
  }
  if (order && reached(why.from, "holding")) {
    const lines = why.held ? order.lines.filter((l) => why.held?.includes(l.sku)) : order.lines;
    const undone = await Promise.allSettled(
      lines.map((l) => stock(l.sku, l.shard).unwind(holdIdFor(order.id, l.sku))),
    );
    const broken = undone.find((r) => r.status === "rejected");
    if (broken) throw broken.reason;
  }
  if (order && reached(why.from, "recording")) {
    await transitionOrder(db, order.id, ["pending_payment"], "payment_failed", {
      type: "payment_failed",
      data: { reason: why.problem.code },
      once: "payment_failed",
    });
  }
  return settle(why.problem.status, why.problem);
};

/** The step table: what runs in each state. */
export const CHECKOUT_STEPS: Record<Exclude<CheckoutState, "done">, Step> = {
  pricing,
  holding,
  recording,
  authorizing,
  authenticating,
  committing,
  capturing,
  settling,
  fulfilling,
  unwinding,
};

/** The paid order as the contract shows it, built from the record (the D1 order follows it). */
function paidOrderView(order: NewOrder, paidAt: string): Order {
  const m = (amount: number) => money(amount, order.currency);
  return {
    id: order.id,
    status: "paid",
    email: order.email,
    lines: order.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      variantTitle: l.variantTitle,
      unitPrice: m(l.unitPrice),
      quantity: l.quantity,
      lineTotal: m(l.lineTotal),
    })),
    subtotal: m(order.subtotal),
    shipping: m(order.shipping),
    total: m(order.total),
    shippingAddress: order.shippingAddress,
    createdAt: order.createdAt,
    updatedAt: paidAt,
    events: [
      { type: "created", at: order.createdAt },
      { type: "paid", at: paidAt },
    ],
  };
}
