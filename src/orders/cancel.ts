import { holdIdFor, type StockAuthority } from "../checkout/saga";
import { AppError, notFound } from "../errors";
import { money } from "../money";
import type { PaymentProvider } from "../payments/provider";
import type { Order } from "../schemas/orders";
import { findOrder, recordEvent, shopperView, transitionOrder } from "./repo";

/**
 * Cancels a paid order of this shopper: the status change claims the cancel (so a racing
 * fulfillment or a second cancel cannot both win), then the payment is refunded and the sold
 * units go back on hand.
 */
export async function cancelOrder(
  deps: { db: D1Database; payments: PaymentProvider; stock: (sku: string) => StockAuthority },
  orderId: string,
  shopperId: string,
): Promise<Order> {
  const order = await findOrder(deps.db, orderId, shopperId);
  if (!order) throw notFound("Order");
  const claimed = await transitionOrder(deps.db, orderId, ["paid"], "cancelled", {
    type: "cancelled",
    once: "cancelled",
  });
  if (!claimed) {
    throw new AppError(
      "conflict",
      `Only a paid order can be cancelled; this one is ${order.status}.`,
    );
  }
  if (order.paymentId) {
    try {
      const { refundId } = await deps.payments.refund({
        paymentId: order.paymentId,
        amount: money(order.total.amount, order.total.currency),
        idempotencyKey: `${orderId}:refund`,
      });
      await recordEvent(deps.db, orderId, {
        type: "refunded",
        data: { refundId },
        once: "refunded",
      });
    } catch (err) {
      console.error("refund failed; needs a person", orderId, err);
      await recordEvent(deps.db, orderId, { type: "refund_failed" });
    }
  }
  await Promise.all(order.lines.map((l) => deps.stock(l.sku).restock(holdIdFor(orderId, l.sku))));
  const cancelled = await findOrder(deps.db, orderId, shopperId);
  if (!cancelled) throw notFound("Order");
  return shopperView(cancelled);
}
