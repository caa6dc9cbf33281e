import { queueEmailStatement } from "../emails/outbox";
import { AppError, notFound } from "../errors";
import { money } from "../money";
import type { PaymentProvider } from "../payments/provider";
import { eventStatement, findOrder } from "./repo";

export interface RefundDeps {
  db: D1Database;
  payments: PaymentProvider;
}

/**
 * Refunds a fulfilled order in full: a return, or a parcel that never arrived. The goods have left,
 * so the status stays `fulfilled` and nothing is restocked (the merchant adjusts the stock of what
 * comes back); the order gets its `refunded` event and the shopper the refund email. Each part is
 * idempotent (the provider's key `<order>:refund`, which a cancel of the same order would share;
 * the once-only event; one outbox row per kind), so a retry after any failure finishes what was
 * left, and refunding twice refunds once. Paid orders are cancelled instead (which also restocks).
 */
export async function refundFulfilled(deps: RefundDeps, orderId: string) {
  const order = await findOrder(deps.db, orderId);
  if (!order) throw notFound("Order");
  if (order.status !== "fulfilled") {
    throw new AppError(
      "conflict",
      order.status === "paid"
        ? "This order has not shipped yet: cancel it instead, which refunds it and puts its stock back."
        : `Only a fulfilled order can be refunded; this one is ${order.status}.`,
    );
  }
  if (!order.paymentId) throw new AppError("conflict", "This order has no payment to refund.");
  const { refundId } = await deps.payments.refund({
    paymentId: order.paymentId,
    amount: money(order.total.amount, order.total.currency),
    idempotencyKey: `${order.id}:refund`,
  });
  await deps.db.batch([
    eventStatement(deps.db, order.id, { type: "refunded", data: { refundId }, once: "refunded" }),
    queueEmailStatement(deps.db, order.id, "order_refunded"),
  ]);
}
