import { problemOf } from "../errors";
import { transitionOrder } from "../orders/repo";
import type { PaymentProvider } from "../payments/provider";
import { allOrFirstFailure, type CheckoutStep, conclude, dueOf, mustOrder } from "./moves";
import { holdIdFor, reached } from "./record";
import { releaseRedemption } from "./redeeming";
import { releaseSpend } from "./spending";

/**
 * Undoes what the checkout did, as far as it got: voids the authorization (never a refund: no
 * money was captured), gives back every hold whether held or committed and the code's use, marks
 * the order failed.
 * Each part is idempotent, so the whole step runs again after any interruption.
 */
export const unwinding: CheckoutStep = async (
  { db, stock, payments, rules, discounts, giftCards },
  record,
) => {
  const why = record.failure;
  if (!why) throw new Error(`checkout ${record.id} unwinds without a failure`);
  const order = record.order;
  let lost = false;
  if (order && reached(why.from, "authorizing")) {
    // Stopped while authorizing: the authorization may exist unrecorded. It is looked up, never
    // asked for again (a provider that lost the key would make a new hold on the card), and voided.
    if (record.authorizationId) {
      await voidAuthorization(payments, order.id, record.authorizationId);
    } else if (why.from === "authorizing" && dueOf(order).amount > 0) {
      const found = await voidLostAuthorization(payments, order, rules.holdTtlMs);
      // Cut off while authorizing (not declined): the provider may still be making it.
      lost = !found && why.problem.code === "checkout_interrupted";
    }
  }
  if (order && reached(why.from, "holding")) {
    const lines = why.held ? order.lines.filter((l) => why.held?.includes(l.sku)) : order.lines;
    await allOrFirstFailure(
      lines.map((l) => stock(l.sku, l.shard).unwind(holdIdFor(order.id, l.sku))),
    );
  }
  if (order && reached(why.from, "redeeming")) await releaseRedemption(discounts, order);
  // By the request's card, not the order's: a hold made just before a crash is not in the order.
  if (order && reached(why.from, "spending")) {
    await releaseSpend(giftCards, record.request.giftCard?.key, order.id);
  }
  if (order && reached(why.from, "recording")) {
    await transitionOrder(db, order.id, ["pending_payment"], "payment_failed", {
      type: "payment_failed",
      data: { reason: why.problem.code },
      once: "payment_failed",
    });
  }
  // A failure recorded before problems lost their HTTP fields still carries them: not answered.
  const answer = conclude({ kind: "refused", problem: problemOf(why.problem) });
  if (!lost) return answer;
  return { patch: { ...answer.patch, state: "rechecking", wakeAt: Date.now() + RECHECK_AFTER_MS } };
};

/** A cut-off authorize is looked for again this long after the undo found none. */
const RECHECK_AFTER_MS = 120_000;

const voidAuthorization = (payments: PaymentProvider, orderId: string, authorizationId: string) =>
  payments.void({ authorizationId, idempotencyKey: `${orderId}:void` });

/**
 * Looks up the authorization of an authorize whose answer was lost (in the order's window: from
 * its making to its holds' expiry) and voids it; answers whether there was one.
 */
async function voidLostAuthorization(
  payments: PaymentProvider,
  order: { id: string; createdAt: string },
  holdTtlMs: number,
): Promise<boolean> {
  const authorizationId = await payments.findAuthorization({
    orderId: order.id,
    idempotencyKey: `${order.id}:authorize`,
    since: Date.parse(order.createdAt),
    until: Date.parse(order.createdAt) + holdTtlMs,
  });
  if (authorizationId) await voidAuthorization(payments, order.id, authorizationId);
  return authorizationId !== null;
}

/**
 * The second look of an undo that found no authorization although its authorize call was cut
 * off: the call may have gone on at the provider. Voids what it finds; the answer stands.
 */
export const rechecking: CheckoutStep = async ({ payments, rules }, record) => {
  await voidLostAuthorization(payments, mustOrder(record), rules.holdTtlMs);
  return { patch: { state: "done", wakeAt: null } };
};
