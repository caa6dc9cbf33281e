import { queueEmailStatement } from "../emails/outbox";
import { logEvent } from "../log";
import { findOrder } from "../orders/read";
import { eventStatement } from "../orders/repo";
import { ledgerOf, leftOf, type RefundRow, reserveRefund } from "./ledger";
import { refundEvent, refundEventOnce, refundedTotalStatement } from "./settle";

/** One refund the provider reports on a charge: its id when known, and how much. */
export interface ProviderRefund {
  id: string | null;
  amount: number;
}

/**
 * What a provider's report of a charge's refunds adds to the ledger: refunds made outside the
 * shop (in Stripe's dashboard). The shop's own refunds carry the shop's key in their metadata and
 * are already in the ledger (written before the money moved), so only the others are new. When
 * the report lists no refunds, the new part is the charge's refunded total less what the ledger
 * sent to the card, recorded under that total, so a report seen twice records it once.
 */
export function externalRefunds(
  report: {
    amountRefunded: number;
    refunds: { id: string; amount: number; ours: boolean }[] | null;
  },
  ledger: readonly RefundRow[],
): ProviderRefund[] {
  if (report.refunds) {
    const known = new Set(ledger.map((r) => r.provider_refund_id));
    return report.refunds
      .filter((r) => !r.ours && !known.has(r.id))
      .map(({ id, amount }) => ({ id, amount }));
  }
  // Only what has moved (a report without its list is not read while one is pending).
  const toCard = ledger.reduce((n, r) => n + (r.status === "succeeded" ? r.card_amount : 0), 0);
  return report.amountRefunded > toCard
    ? [{ id: null, amount: report.amountRefunded - toCard }]
    : [];
}

export interface ProviderRefundDeps {
  db: D1Database;
  /** Cancels a paid order through its shopper's cancel process (which restocks it). */
  cancel(orderId: string, shopperId: string): Promise<unknown>;
}

/**
 * Records refunds made outside the shop: each into the ledger, settled (the money has moved),
 * with the order's refunded total, its `refunded` event and the shopper's email telling the true
 * amount, in one batch. An order not yet shipped whose card part is then refunded in full is
 * cancelled, as if the merchant had cancelled it in the back office: it is not shipped, its stock
 * goes back, what is left of a gift card's part is credited back, and the shopper is told.
 */
export async function recordProviderRefunds(
  deps: ProviderRefundDeps,
  orderId: string,
  report: Parameters<typeof externalRefunds>[0],
): Promise<string> {
  const order = await findOrder(deps.db, orderId);
  if (!order) return "no order";
  const { refunds } = await ledgerOf(deps.db, orderId);
  if (report.refunds === null && refunds.some((r) => r.status === "pending" && r.card_amount > 0)) {
    // Without the charge's list of refunds, its total cannot tell a pending refund of the shop's
    // (which may have moved, or may yet be refused) from one made outside: the event is refused,
    // for the provider to send again once the pending one has settled or failed.
    throw new Error(`a refund of ${orderId} is pending: its charge's total cannot be read yet`);
  }
  const found = externalRefunds(report, refunds);
  let recorded = 0;
  for (const refund of found) {
    const key = `provider:${refund.id ?? `refunded-${report.amountRefunded}`}`;
    const reserved = await reserveRefund(
      deps.db,
      order,
      {
        key,
        requestHash: null,
        source: "provider",
        amount: refund.amount,
        lines: [],
        reason: "refunded in the payment provider's dashboard",
        providerRefundId: refund.id,
        settled: true,
        keepBack: null,
      },
      { card: refund.amount, giftCard: 0 },
    );
    if (!reserved) {
      // The money moved at the provider, yet the ledger has no room for it (a refund of the
      // shop's own is pending for it): never dropped, the event fails and Stripe sends it again.
      logEvent(
        "provider_refund_exceeds_ledger",
        { order: orderId, amount: refund.amount },
        "error",
      );
      throw new Error(`refund of ${refund.amount} on ${orderId} does not fit its ledger`);
    }
    if (!reserved.replayed) recorded += 1;
  }
  // Each of the provider's refunds gets its effects, in one idempotent batch (a row recorded
  // before a crash gets them when the event comes again): the total, its event, its email.
  const after = await ledgerOf(deps.db, orderId);
  const at = new Date().toISOString();
  const told = after.refunds.filter((r) => r.source === "provider");
  if (told.length > 0) {
    await deps.db.batch([
      refundedTotalStatement(deps.db, orderId, at),
      ...told.flatMap((row) => [
        eventStatement(
          deps.db,
          orderId,
          refundEvent(row, row.provider_refund_id ?? row.key),
          row.created_at,
        ),
        queueEmailStatement(deps.db, orderId, "order_refunded", {
          ref: row.id,
          once: refundEventOnce(row),
        }),
      ]),
    ]);
  }
  // Only a refund from outside cancels: the shop's own partial refunds change no status.
  const outside = told.length > 0 && (recorded > 0 || found.length > 0);
  if (
    outside &&
    order.status === "paid" &&
    order.paymentId &&
    leftOf(order, after.refunds).card <= 0
  ) {
    await deps.cancel(orderId, order.shopperId);
    return `refunded in full outside the shop: cancelled (${recorded} recorded)`;
  }
  return `${recorded} refund${recorded === 1 ? "" : "s"} recorded`;
}
