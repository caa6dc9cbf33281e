import { holdIdFor } from "../checkout/record";
import type { StockAuthority } from "../checkout/steps";
import { queueEmailStatement } from "../emails/outbox";
import { AppError } from "../errors";
import type { PaymentProvider } from "../payments/provider";
import { refundInFull } from "./refund";
import { findOrder, recordEvent, transitionOrder } from "./repo";

/**
 * Cancelling a paid order is a process of three recorded steps, each retried until done:
 * claim (the status change, so a racing fulfillment or a second cancel cannot also win), refund,
 * and restock (committed units back on hand, at any age). Once claimed it only goes forward.
 */
export type CancelState = "claiming" | "refunding" | "restocking" | "done";

export interface CancelRecord {
  orderId: string;
  state: CancelState;
  refundId: string | null;
  attempts: number;
  wakeAt: number | null;
}

export interface CancelDeps {
  db: D1Database;
  payments: PaymentProvider;
  stock: (sku: string) => StockAuthority;
}

export type CancelStepResult =
  | { patch: Partial<CancelRecord> & { state: CancelState } }
  /** The claim lost: the order was not paid, and nothing was done. */
  | { refused: AppError };

type CancelStep = (deps: CancelDeps, record: CancelRecord) => Promise<CancelStepResult>;

async function mustFind(db: D1Database, orderId: string) {
  const order = await findOrder(db, orderId);
  if (!order) throw new Error(`order ${orderId} vanished during its cancel`);
  return order;
}

const claiming: CancelStep = async ({ db }, record) => {
  const claimed = await transitionOrder(db, record.orderId, ["paid"], "cancelled", {
    type: "cancelled",
    once: "cancelled",
  });
  if (!claimed) {
    // Already cancelled means this process claimed it before it was interrupted.
    const { status } = await mustFind(db, record.orderId);
    if (status !== "cancelled") {
      return {
        refused: new AppError(
          "conflict",
          `Only a paid order can be cancelled; this one is ${status}.`,
        ),
      };
    }
  }
  return { patch: { state: "refunding" } };
};

/** Refunds, then records it and queues the cancellation email (which tells of the refund). */
const refunding: CancelStep = async (deps, record) => {
  const order = await mustFind(deps.db, record.orderId);
  const { paymentId } = order;
  if (!paymentId) {
    await queueEmailStatement(deps.db, order.id, "order_cancelled").run();
    return { patch: { state: "restocking" } };
  }
  const refundId = await refundInFull(deps, { ...order, paymentId }, "order_cancelled");
  return { patch: { state: "restocking", refundId } };
};

const restocking: CancelStep = async ({ db, stock }, record) => {
  const order = await mustFind(db, record.orderId);
  const undone = await Promise.allSettled(
    order.lines.map((l) => stock(l.sku).unwind(holdIdFor(order.id, l.sku))),
  );
  const broken = undone.find((r) => r.status === "rejected");
  if (broken) throw broken.reason;
  await recordEvent(db, order.id, { type: "restocked", once: "restocked" });
  return { patch: { state: "done", wakeAt: null } };
};

export const CANCEL_STEPS: Record<Exclude<CancelState, "done">, CancelStep> = {
  claiming,
  refunding,
  restocking,
};
