import type { EmailKind } from "../db/schema";
import { queueEmailStatement } from "../emails/outbox";
import { AppError, notFound } from "../errors";
import { money } from "../money";
import type { PaymentProvider } from "../payments/provider";
import { findOrder, type StoredOrder } from "./read";
import { eventStatement } from "./repo";

export interface RefundDeps {
  db: D1Database;
  payments: PaymentProvider;
}

/**
 * Refunds an order's payment in full, then records the `refunded` event and queues `email` in one
 * batch. Idempotent: the provider's key is `<order>:refund` (a cancel and a refund of one order
 * share it, so at most one refund ever happens), the event is once-only and the outbox keeps one
 * row per kind. Answers the refund's id.
 */
export async function refundInFull(
  { db, payments }: RefundDeps,
  order: StoredOrder & { paymentId: string },
  email: EmailKind,
): Promise<string> {
  const { refundId } = await payments.refund({
    paymentId: order.paymentId,
    amount: money(order.total.amount, order.total.currency),
    idempotencyKey: `${order.id}:refund`,
  });
  await db.batch([
    eventStatement(db, order.id, { type: "refunded", data: { refundId }, once: "refunded" }),
    queueEmailStatement(db, order.id, email),
  ]);
  return refundId;
}

/**
 * Refunds a fulfilled order in full: a return, or a parcel that never arrived. The goods have left,
 * so the status stays `fulfilled` and nothing is restocked (the merchant adjusts the stock of what
 * comes back); the order gets its `refunded` event and the shopper the refund email. A retry after
 * any failure finishes what was left, and refunding twice refunds once. Paid orders are cancelled
 * instead (which also restocks).
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
  const { paymentId } = order;
  if (!paymentId) throw new AppError("conflict", "This order has no payment to refund.");
  await refundInFull(deps, { ...order, paymentId }, "order_refunded");
}
