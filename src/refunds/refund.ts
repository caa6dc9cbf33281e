import { AppError, conflict, notFound, validationFailed } from "../errors";
import { logEvent } from "../log";
import type { Money } from "../money";
import { findOrder, type Paid, type StoredOrder } from "../orders/read";
import { amountForUnits } from "./amounts";
import {
  exceedsCaptured,
  ledgerOf,
  leftOf,
  type RefundRow,
  refundableLines,
  refundByKey,
  refundedUnits,
  refundRefused,
  reserveRefund,
  splitRefund,
} from "./ledger";
import { type RefundDeps, settleRefund } from "./settle";

/** A refund an admin asks for: by amount, by lines, or both (the amount then wins). */
export interface RefundRequest {
  key: string;
  requestHash: string;
  amount?: Money;
  lines?: { sku: string; quantity: number }[];
  reason?: string;
  /** `return`: the refund of a received return (its key is the return's id). */
  source?: "admin" | "return";
}

/** Statuses whose payment was captured, so that a refund has something to give back. */
const CAPTURED = new Set([
  "paid",
  "partially_fulfilled",
  "fulfilled",
  "fulfillment_failed",
  "cancelled",
]);

/** How often a refund that lost its race to another is priced again before giving up. */
const RESERVE_TRIES = 4;

/**
 * Refunds part (or all that is left) of an order, by amount or by lines (each line with its
 * share of the discounts, the shipping and the tax, see `amounts.ts`): written into the ledger
 * first, by `Idempotency-Key`, so the same key answers the same refund (finishing it when it
 * stopped half way) and racing refunds never pass the capture; then its money moves and it is
 * recorded (`settle.ts`). A refund by lines gives back their share, or what is left of the
 * capture when that is less. It restocks nothing and does not change the order's status: goods
 * that come back are a return.
 */
export async function refundPart(
  deps: RefundDeps,
  orderId: string,
  req: RefundRequest,
): Promise<{ refund: RefundRow; replayed: boolean; currency: string }> {
  const order = await findOrder(deps.db, orderId);
  if (!order) throw notFound("Order");
  // Keys of the API and of returns live apart from the ledger's own (`full`, `provider:<id>`).
  const source = req.source ?? "admin";
  const key = `${source}:${req.key}`;
  const seen = await refundByKey(deps.db, orderId, key);
  if (seen) {
    if (seen.request_hash !== req.requestHash) {
      throw new AppError(
        "idempotency_key_reused",
        "This Idempotency-Key was used with another refund.",
      );
    }
    const refund = await settled(deps, order, seen);
    return { refund, replayed: true, currency: order.currency };
  }
  if (!CAPTURED.has(order.status)) {
    throw conflict(`This order took no payment to refund; it is ${order.status}.`);
  }
  if (req.amount && req.amount.currency !== order.currency) {
    throw validationFailed([{ path: "amount.currency", message: `must be ${order.currency}` }]);
  }
  const units = await checkLines(deps.db, order, req.lines ?? []);
  for (let attempt = 0; attempt < RESERVE_TRIES; attempt++) {
    const { refunds, taxes, boughtCards } = await ledgerOf(deps.db, orderId);
    const left = leftOf(order, refunds);
    // Gift cards the order bought stay good: their price is not given back but with the whole order.
    const leftTotal = Math.max(0, left.total - boughtCards);
    const before = refundedUnits(refunds);
    checkUnitsLeft(order, before, units);
    const byLines = amountForUnits(
      {
        total: order.total.amount,
        pricesIncludeTax: order.pricesIncludeTax,
        lines: refundableLines(order, taxes),
      },
      before,
      units,
    );
    const amount = req.amount?.amount ?? Math.min(byLines, leftTotal);
    if (amount > leftTotal || amount <= 0) throw exceedsCaptured(leftTotal, order.currency);
    const reserved = await reserveRefund(
      deps.db,
      order,
      {
        key,
        requestHash: req.requestHash,
        source,
        amount,
        lines: [...units].map(([sku, quantity]) => ({ sku, quantity })),
        reason: req.reason ?? null,
        keepBack: boughtCards,
      },
      splitRefund(amount, left),
    );
    if (!reserved) continue;
    if (reserved.replayed && reserved.refund.request_hash !== req.requestHash) {
      throw new AppError(
        "idempotency_key_reused",
        "This Idempotency-Key was used with another refund.",
      );
    }
    return {
      refund: await settled(deps, order, reserved.refund),
      replayed: reserved.replayed,
      currency: order.currency,
    };
  }
  throw new AppError("conflict", "Other refunds of this order kept changing it; try again.");
}

/**
 * Settles a refund of the ledger for the request; should its money fail to move, it stays
 * pending (counted against the capture) and the request hears to send it again.
 */
async function settled(deps: RefundDeps, order: Paid<StoredOrder>, refund: RefundRow) {
  let done: RefundRow;
  try {
    done = await settleRefund(deps, order, refund, "order_refunded");
  } catch (err) {
    logEvent("refund_settle_failed", { refund: refund.id, error: String(err) }, "warn");
    throw new AppError(
      "dependency_unavailable",
      "The refund is recorded but its money has not moved yet. Send the same request again (or it finishes by itself within minutes).",
    );
  }
  if (done.status === "failed") throw refundRefused(done);
  return done;
}

/** The lines asked for, by sku: each the order's, not a gift card, asked for once. */
async function checkLines(
  db: D1Database,
  order: Paid<StoredOrder>,
  lines: readonly { sku: string; quantity: number }[],
): Promise<Map<string, number>> {
  const units = new Map<string, number>();
  const errors = lines.flatMap((l, i) => {
    if (units.has(l.sku)) return [{ path: `lines.${i}.sku`, message: "is asked for twice" }];
    units.set(l.sku, l.quantity);
    return order.lines.some((o) => o.sku === l.sku)
      ? []
      : [{ path: `lines.${i}.sku`, message: "is not a line of this order" }];
  });
  if (errors.length > 0) throw validationFailed(errors);
  if (units.size === 0) return units;
  const { results } = await db
    .prepare(
      `SELECT sku FROM variants WHERE gift_card = 1 AND sku IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify([...units.keys()]))
    .all<{ sku: string }>();
  if (results.length > 0) {
    throw conflict(
      `A gift card bought (${results.map((r) => r.sku).join(", ")}) is refunded only with the whole order, which voids it.`,
    );
  }
  return units;
}

function checkUnitsLeft(
  order: StoredOrder,
  before: ReadonlyMap<string, number>,
  units: ReadonlyMap<string, number>,
) {
  const errors = order.lines.flatMap((line) => {
    const asked = units.get(line.sku) ?? 0;
    const left = line.quantity - (before.get(line.sku) ?? 0);
    return asked > left
      ? [{ path: `lines.${line.sku}`, message: `only ${left} of ${line.quantity} left to refund` }]
      : [];
  });
  if (errors.length > 0) throw validationFailed(errors);
}

/** A pending refund this much older than its start is the sweep's to finish. */
const FINISH_AFTER_MS = 60_000;

/**
 * Finishes refunds of the back office, the API or a return that stopped after they were written (the
 * request died, or the provider failed and nobody sent the key again): the sweep's part. A
 * cancel's refund is its process's, which retries it itself.
 */
export async function finishPendingRefunds(
  deps: RefundDeps,
  now = Date.now(),
): Promise<{ settled: number; failures: number }> {
  const { results } = await deps.db
    .prepare(
      `SELECT * FROM refunds WHERE status = 'pending' AND source IN ('admin', 'return') AND created_at < ?
       ORDER BY coalesce(attempted_at, created_at) LIMIT 50`,
    )
    .bind(new Date(now - FINISH_AFTER_MS).toISOString())
    .all<RefundRow>();
  let settled = 0;
  let failures = 0;
  for (const row of results) {
    try {
      const order = await findOrder(deps.db, row.order_id);
      if (!order) throw new Error(`order ${row.order_id} of refund ${row.id} is gone`);
      // A refund in full voided the order's bought gift cards before it was written: their
      // directory rows say so with it, as when the request itself settles it.
      const alongside =
        row.key === "full"
          ? [
              deps.db
                .prepare("UPDATE gift_cards SET status = 'void' WHERE order_id = ?")
                .bind(order.id),
            ]
          : [];
      const done = await settleRefund(deps, order, row, "order_refunded", alongside);
      // A refund the provider refused for good is done with too, though it settled nothing.
      if (done.status === "succeeded") settled += 1;
    } catch (err) {
      logEvent("refund_settle_failed", { refund: row.id, error: String(err) }, "warn");
      failures += 1;
      // Its turn comes again after the others': one that keeps failing blocks none of them.
      await deps.db
        .prepare("UPDATE refunds SET attempted_at = ?2 WHERE id = ?1")
        .bind(row.id, new Date(now).toISOString())
        .run();
    }
  }
  return { settled, failures };
}
