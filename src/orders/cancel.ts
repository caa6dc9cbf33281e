import { allOrFirstFailure, type StockAuthority } from "../checkout/moves";
import { holdIdFor } from "../checkout/record";
import { queueEmailStatement } from "../emails/outbox";
import { AppError } from "../errors";
import type { Moved, ProcessDefinition } from "../processes/definition";
import type { RecordTable } from "../processes/records";
import { moneyKeyOf } from "../refunds/settle";
import { findOrder } from "./read";
import { type RefundDeps, refundInFull, tookMoney } from "./refund";
import { recordEvent, transitionOrder } from "./repo";

/**
 * Cancelling a paid order is a process of three recorded steps, each retried until done:
 * claim (the status change, so a racing fulfillment or a second cancel cannot also win), refund,
 * and restock (committed units back on hand, at any age). Once claimed it only goes forward.
 */
export type CancelState = "claiming" | "refunding" | "restocking" | "done";

export interface CancelRecord {
  /** The order's id: an order has one cancel. */
  id: string;
  state: CancelState;
  refundId: string | null;
  attempts: number;
  wakeAt: number | null;
}

export interface CancelDeps extends RefundDeps {
  stock: (sku: string) => StockAuthority;
}

/** Where cancel records are kept: the `cancellations` table of `src/db/cart-schema.ts`. */
export const CANCEL_TABLE: RecordTable<CancelRecord> = {
  table: "cancellations",
  columns: {
    id: "order_id",
    state: "state",
    refundId: "refund_id",
    attempts: "attempts",
    wakeAt: "wake_at",
  },
};

export interface CancelMoved extends Moved<CancelRecord> {
  /** The claim lost: the order was not paid, and nothing was done (the record is dropped). */
  refused?: AppError;
}

type CancelStep = (deps: CancelDeps, record: CancelRecord) => Promise<CancelMoved>;

async function mustFind(db: D1Database, orderId: string) {
  const order = await findOrder(db, orderId);
  if (!order) throw new Error(`order ${orderId} vanished during its cancel`);
  return order;
}

const claiming: CancelStep = async ({ db }, record) => {
  const claimed = await transitionOrder(db, record.id, ["paid"], "cancelled", {
    type: "cancelled",
    once: "cancelled",
  });
  if (!claimed) {
    // Already cancelled means this process claimed it before it was interrupted.
    const { status } = await mustFind(db, record.id);
    if (status !== "cancelled") {
      return {
        patch: { state: "done", wakeAt: null },
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
  const order = await mustFind(deps.db, record.id);
  if (!tookMoney(order)) {
    await queueEmailStatement(deps.db, order.id, "order_cancelled").run();
    return { patch: { state: "restocking" } };
  }
  const refund = await refundInFull(deps, order, "order_cancelled");
  if (refund.status === "failed") {
    // Refused for good (refunded at the provider meanwhile, a disputed charge): the cancel goes
    // on, the ledger and the order's history tell of the refusal, and the shopper hears of it.
    await queueEmailStatement(deps.db, order.id, "order_cancelled").run();
    return { patch: { state: "restocking", refundId: null } };
  }
  return {
    patch: { state: "restocking", refundId: refund.provider_refund_id ?? moneyKeyOf(refund) },
  };
};

const restocking: CancelStep = async ({ db, stock }, record) => {
  const order = await mustFind(db, record.id);
  await allOrFirstFailure(order.lines.map((l) => stock(l.sku).unwind(holdIdFor(order.id, l.sku))));
  await recordEvent(db, order.id, { type: "restocked", once: "restocked" });
  return { patch: { state: "done", wakeAt: null } };
};

/** A cancel, step by step: once claimed it only goes forward, every step retried until done. */
export const CANCEL: ProcessDefinition<CancelRecord, CancelDeps, CancelMoved> = {
  name: "cancel",
  initial: "claiming",
  steps: {
    claiming: {
      does: "the `paid` → `cancelled` change in D1 (conditional), which a racing fulfillment or a second cancel cannot also win; an order no longer paid refuses the cancel (409), nothing done",
      run: claiming,
      next: ["refunding", "done"],
      onFailure: "retry",
      onInterrupt: "resume",
    },
    refunding: {
      does: "refund in full (key `<order>:refund`), record it, and queue the cancellation email",
      run: refunding,
      next: ["restocking"],
      onFailure: "retry",
      onInterrupt: "resume",
    },
    restocking: {
      does: "unwind every hold: committed units go back on hand at any age (committed holds are never deleted); then the order's `restocked` event",
      run: restocking,
      next: ["done"],
      onFailure: "retry",
      onInterrupt: "resume",
    },
  },
};
