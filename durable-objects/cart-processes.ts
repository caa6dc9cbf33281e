import type { CartLine } from "../src/cart/cart-view";
import type { CheckoutDeps, CheckoutMoved } from "../src/checkout/moves";
import { knownSoldOutRefusal } from "../src/checkout/pricing";
import { CHECKOUT } from "../src/checkout/process";
import { type CheckoutRecord, isUnanswered } from "../src/checkout/record";
import { AppError, conflict, notFound } from "../src/errors";
import { newId } from "../src/ids";
import { logEvent } from "../src/log";
import {
  CANCEL,
  CANCEL_TABLE,
  type CancelDeps,
  type CancelMoved,
  type CancelRecord,
} from "../src/orders/cancel";
import { findOrder, shopperView } from "../src/orders/read";
import { repairOrder } from "../src/orders/repair";
import { ProcessRecords } from "../src/processes/records";
import { cancelDeps, checkoutDeps } from "../workers/deps";
import {
  answered,
  type CancelAnswer,
  type CheckoutAnswer,
  type CheckoutCall,
  fresh,
  outcomeOf,
  refused,
  replayed,
} from "./cart-contract";
import { CheckoutRecords, newCheckout } from "./checkout-records";
import { type Fault, logFailure, orStillRunning } from "./process-faults";
import { ProcessHost, type ProcessKind } from "./process-host";

/** An answered key is replayed for this long. */
const IDEMPOTENCY_TTL_MS = 86_400_000;
/** The alarm looks at a process this long after it moved: it drives only what requests left. */
const RECOVERY_DELAY_MS = 15_000;

type Hooks = { clearCart(): void; expiresAt(): number };

/**
 * The durable processes of one cart: checkouts (`src/checkout/process.ts`) and cancels
 * (`src/orders/cancel.ts`), each a table of steps that `ProcessHost` drives with the engine of
 * `src/processes/`. Here: what a request of each process answers, and the sweep's repair.
 */
export class CartProcesses {
  private readonly host: ProcessHost;
  private readonly checkouts: CheckoutRecords;
  private readonly cancels: ProcessRecords<CancelRecord>;

  constructor(
    ctx: DurableObjectState,
    private readonly env: Env,
    private readonly hooks: Hooks,
  ) {
    this.checkouts = new CheckoutRecords(ctx.storage.sql);
    this.cancels = new ProcessRecords(ctx.storage.sql, CANCEL_TABLE);
    this.host = new ProcessHost(ctx, env, () => [
      this.checkouts.nextWake(),
      this.cancels.nextWake(),
      hooks.expiresAt(),
    ]);
  }

  /** Whether a checkout holds the cart: until it is paid or undone, the cart must not change. */
  checkoutRunning(): boolean {
    return this.checkouts.unanswered().length > 0;
  }

  anyUnfinished(): boolean {
    return this.checkouts.anyUnfinished() || this.cancels.anyUnfinished();
  }

  /** Finishes checkouts that hold the cart but that nobody drives any more (the object was reset). */
  async recoverStale(): Promise<void> {
    for (const { id } of this.checkouts.unanswered()) {
      if (!this.host.driving.has(id)) await this.driveCheckout(id, true).catch(logFailure);
    }
  }

  /**
   * Records a new checkout (`pricing`), or answers at once: a key reused with another body, or
   * another checkout of this cart still running. Synchronous, so no request can slip in between.
   * A key seen before with the same body is `seen`: its answer is replayed (or recovered).
   */
  startCheckout(
    req: CheckoutCall,
    lines: CartLine[],
    at: { market: string; discountCode: string | undefined },
  ): { started: string } | { seen: string } | { answer: CheckoutAnswer } {
    const now = Date.now();
    this.checkouts.forgetAnsweredBefore(now - IDEMPOTENCY_TTL_MS);
    const seen = this.checkouts.byKey(req.idempotencyKey);
    if (seen) {
      if (seen.requestHash === req.requestHash) return { seen: seen.id };
      return answered(
        refused(
          new AppError(
            "idempotency_key_reused",
            "This Idempotency-Key was used with another request body.",
          ),
        ),
      );
    }
    if (this.checkoutRunning()) {
      return answered(
        refused(
          new AppError(
            "checkout_in_progress",
            "Another checkout of this cart is running. Wait for it to finish.",
          ),
        ),
      );
    }
    const id = newId("ord");
    // A sku a hold found sold out a moment ago: refused at once, the answer recorded for the key
    // and nothing to drive (no alarm, no step), as `pricing` would refuse it.
    const soldOut = lines.length > 0 ? knownSoldOutRefusal(lines) : null;
    const record = newCheckout(id, req, lines, at.market, at.discountCode);
    this.checkouts.insert(
      soldOut
        ? { ...record, state: "done", outcome: refused(soldOut) }
        : { ...record, wakeAt: now + RECOVERY_DELAY_MS },
    );
    if (soldOut) {
      logEvent("checkout", {
        checkout: id,
        recovering: false,
        states: ["done"],
        requestId: req.requestId,
      });
      return answered(refused(soldOut));
    }
    // Driven from this moment: a second request of the same key must not think it interrupted.
    this.host.driving.add(id);
    return { started: id };
  }

  /** Runs a checkout just started, and answers it. */
  async runCheckout(id: string): Promise<CheckoutAnswer> {
    return fresh(await orStillRunning(async () => outcomeOf(await this.driveCheckout(id, false))));
  }

  /**
   * Answers a key seen before: its recorded answer, `idempotency_in_progress` while a request
   * drives it, or, when it was interrupted, the answer it ends with once recovered now.
   */
  async replayCheckout(id: string): Promise<CheckoutAnswer> {
    const record = this.checkouts.get(id);
    if (!isUnanswered(record)) return replayed(outcomeOf(record));
    if (this.host.driving.has(id)) {
      return fresh(
        refused(
          new AppError(
            "idempotency_in_progress",
            "A checkout with this Idempotency-Key is still running.",
          ),
        ),
      );
    }
    const outcome = await orStillRunning(async () => outcomeOf(await this.driveCheckout(id, true)));
    return outcome.kind === "still_running" ? fresh(outcome) : replayed(outcome);
  }

  /**
   * Drives one checkout as far as it goes now. A step left to a retry before the checkout has its
   * answer throws: the request answers "still running" and the alarm goes on.
   */
  private async driveCheckout(id: string, recovering: boolean): Promise<CheckoutRecord> {
    const run = await this.host.drive(CHECKOUT, () => this.checkoutKind(), id, recovering);
    if (run.failed && isUnanswered(run.record)) throw run.failed;
    return run.record;
  }

  /** Cancels a paid order of `shopperId`, or resumes a cancel of it that was interrupted. */
  async cancel(orderId: string, shopperId: string): Promise<CancelAnswer> {
    const order = await findOrder(this.env.DB, orderId, shopperId);
    if (!order) return refused(notFound("Order"));
    const record = this.cancels.find(orderId);
    if (record?.state === "done" || (!record && order.status !== "paid")) {
      return refused(conflict(`Only a paid order can be cancelled; this one is ${order.status}.`));
    }
    if (!record) this.startCancel(orderId, CANCEL.initial);
    if (!this.host.driving.has(orderId)) {
      const stopped = await orStillRunning(() => this.driveCancel(orderId, false));
      if (stopped instanceof AppError) return refused(stopped);
      if (stopped) return stopped;
    }
    const after = await findOrder(this.env.DB, orderId, shopperId);
    if (!after) return refused(notFound("Order"));
    return { kind: "cancelled", order: shopperView(after) };
  }

  private startCancel(orderId: string, state: CancelRecord["state"]): void {
    this.cancels.insert({ id: orderId, state, wakeAt: Date.now() + RECOVERY_DELAY_MS });
  }

  /**
   * Drives a cancel forward; answers the problem if its claim was refused (nothing was done, and
   * the record is dropped). A failure before the claim throws: the caller hears of it.
   */
  private async driveCancel(orderId: string, recovering: boolean): Promise<AppError | null> {
    const run = await this.host.drive(CANCEL, () => this.cancelKind(), orderId, recovering);
    if (run.last?.refused) {
      this.cancels.delete(orderId);
      return run.last.refused;
    }
    if (run.failed && run.record.state === CANCEL.initial) throw run.failed;
    return null;
  }

  /**
   * The reconciliation sweep's call for an order that has not reached a final state: drives what
   * is left of its checkout or cancel, then repairs an order whose process record is gone.
   */
  async repair(orderId: string): Promise<string> {
    if (this.host.driving.has(orderId)) return "running";
    const done: string[] = [];
    const record = this.checkouts.find(orderId);
    if (record && record.state !== "done") {
      done.push(`checkout ${(await this.driveCheckout(orderId, true)).state}`);
    }
    const cancel = this.cancels.find(orderId);
    if (cancel && cancel.state !== "done") {
      await this.driveCancel(orderId, true);
      done.push(`cancel ${this.cancels.find(orderId)?.state ?? "refused"}`);
    }
    const repaired = await repairOrder(this.env.DB, orderId, {
      ...(record && {
        checkout: {
          done: record.state === "done",
          paid: record.outcome?.kind === "paid",
          paymentId: record.paymentId,
        },
      }),
      cancelRecorded: this.cancels.find(orderId) !== undefined,
    });
    if (repaired === "cancel to resume") {
      this.startCancel(orderId, "refunding");
      await this.driveCancel(orderId, true);
      done.push("cancel resumed");
    } else if (repaired) {
      done.push(repaired);
    }
    return done.join(", ") || "final";
  }

  /** Drives every process whose time has come; the ones a live request drives are looked at later. */
  async runDue(): Promise<void> {
    const now = Date.now();
    const later = { wakeAt: now + RECOVERY_DELAY_MS };
    const processes = [
      ...this.checkouts.due(now).map((id) => ({
        id,
        drive: () => this.driveCheckout(id, true),
        postpone: () => this.checkouts.update(this.checkouts.get(id), later),
      })),
      ...this.cancels.due(now).map((id) => ({
        id,
        drive: () => this.driveCancel(id, true),
        postpone: () => this.cancels.update(this.cancels.get(id), later),
      })),
    ];
    for (const process of processes) {
      if (this.host.driving.has(process.id)) process.postpone();
      else await process.drive().catch(logFailure);
    }
  }

  arm(): Promise<void> {
    return this.host.arm();
  }

  armIfUnset(): Promise<void> {
    return this.host.armIfUnset();
  }

  inject(fault: Fault): boolean {
    return this.host.inject(fault);
  }

  private checkoutKind(): ProcessKind<CheckoutRecord, CheckoutDeps, CheckoutMoved> {
    return {
      records: this.checkouts,
      deps: checkoutDeps(this.env),
      alongside: (moved) => {
        if (moved.clearCart) this.hooks.clearCart();
      },
      logFields: (record) => ({ requestId: record.request.requestId }),
    };
  }

  private cancelKind(): ProcessKind<CancelRecord, CancelDeps, CancelMoved> {
    return { records: this.cancels, deps: cancelDeps(this.env) };
  }
}
