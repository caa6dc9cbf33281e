import { eq } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { CartLine } from "../src/cart/cart-view";
import {
  type CheckoutRecord,
  type CheckoutState,
  failure,
  interrupted,
  isUnsettled,
  resumesForward,
  retryDelayMs,
} from "../src/checkout/record";
import { CHECKOUT_STEPS, type CheckoutDeps, knownSoldOutRefusal } from "../src/checkout/steps";
import { readConfig } from "../src/config";
import type * as schema from "../src/db/cart-schema";
import { cancellations } from "../src/db/cart-schema";
import { queueEmailStatement } from "../src/emails/outbox";
import { AppError, conflict, notFound, problemBody } from "../src/errors";
import { newId } from "../src/ids";
import { stockShardStub } from "../src/inventory";
import { logEvent } from "../src/log";
import { CANCEL_STEPS, type CancelDeps, type CancelRecord } from "../src/orders/cancel";
import { findOrder, shopperView, transitionOrder } from "../src/orders/repo";
import { paymentProvider } from "../src/payments";
import { type CheckoutCall, type CheckoutReply, problemReply } from "./cart-contract";
import { CheckoutRecords } from "./checkout-records";
import {
  type Fault,
  FaultPlan,
  logFailure,
  SimulatedCrash,
  unsettledAnswer,
} from "./process-faults";

/** An answered key is replayed for this long. */
const IDEMPOTENCY_TTL_MS = 86_400_000;
/**
 * A process is looked at by the alarm this long after it last moved: a live request finishes
 * long before, so the alarm only ever drives what a crash or a failure left behind.
 */
const RECOVERY_DELAY_MS = 15_000;

interface Hooks {
  clearCart(): void;
  expiresAt(): number;
}

type Db = DrizzleSqliteDODatabase<typeof schema>;

/**
 * The durable processes of one cart: checkouts and cancels. Each is a record in this object's
 * storage whose `state` names the next step; steps live in `src/checkout/steps.ts` and
 * `src/orders/cancel.ts`. A record is written before every step's effect, an alarm is armed before
 * the first `await`, and the steps are idempotent, so whatever stops half way is driven to a final
 * state by the alarm (or the next request of the same key), never left hanging.
 */
export class CartProcesses {
  /** Processes a request of this instance is driving now; a reset forgets them, which is the point. */
  private readonly driving = new Set<string>();
  private readonly faults: FaultPlan;
  private readonly sql: SqlStorage;
  private readonly records: CheckoutRecords;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly db: Db,
    private readonly hooks: Hooks,
  ) {
    this.faults = new FaultPlan(ctx, env);
    this.sql = ctx.storage.sql;
    this.records = new CheckoutRecords(this.sql);
  }

  /** Whether a checkout holds the cart: until it is paid or undone, the cart must not change. */
  checkoutRunning(): boolean {
    return this.records.unsettled().length > 0;
  }

  anyUnfinished(): boolean {
    return (
      this.sql
        .exec(
          `SELECT EXISTS (SELECT 1 FROM checkouts WHERE state <> 'done')
             OR EXISTS (SELECT 1 FROM cancellations WHERE state <> 'done') AS busy`,
        )
        .one().busy === 1
    );
  }

  /** Settles checkouts that hold the cart but that nobody drives any more (the object was reset). */
  async recoverStale(): Promise<void> {
    for (const record of this.records.unsettled()) {
      if (!this.driving.has(record.id)) await this.driveCheckout(record.id, true).catch(logFailure);
    }
  }

  /**
   * Records a new checkout (`started`), or answers at once: a key reused with another body, or
   * another checkout of this cart still running. Synchronous, so no request can slip in between.
   * A key seen before with the same body is `seen`: its answer is replayed (or recovered).
   */
  startCheckout(
    req: CheckoutCall,
    lines: CartLine[],
  ): { started: string } | { seen: string } | { reply: CheckoutReply } {
    const now = Date.now();
    this.records.forgetAnsweredBefore(now - IDEMPOTENCY_TTL_MS);
    const seen = this.records.byKey(req.idempotencyKey);
    if (seen) {
      if (seen.requestHash === req.requestHash) return { seen: seen.id };
      return {
        reply: problemReply(
          new AppError(
            "idempotency_key_reused",
            "This Idempotency-Key was used with another request body.",
          ),
        ),
      };
    }
    if (this.checkoutRunning()) {
      return {
        reply: problemReply(
          new AppError(
            "checkout_in_progress",
            "Another checkout of this cart is running. Wait for it to finish.",
          ),
        ),
      };
    }
    const id = newId("ord");
    // A sku a hold found sold out a moment ago: refused at once, the answer recorded for the key
    // and nothing to drive (no alarm, no step), as `pricing` would refuse it.
    const soldOut = lines.length > 0 ? knownSoldOutRefusal(lines) : null;
    this.records.insert({
      id,
      idempotencyKey: req.idempotencyKey,
      requestHash: req.requestHash,
      ...(soldOut
        ? {
            state: "done",
            replyStatus: soldOut.status,
            replyBody: JSON.stringify(problemBody(soldOut)),
          }
        : { state: "pricing" }),
      request: {
        shopperId: req.shopperId,
        email: req.email,
        shippingAddress: req.shippingAddress,
        paymentToken: req.paymentToken,
        expectedTotal: req.expectedTotal,
        lines,
        requestId: req.requestId,
      },
      wakeAt: soldOut ? null : now + RECOVERY_DELAY_MS,
    });
    if (soldOut) {
      log("checkout", {
        checkout: id,
        recovering: false,
        states: ["done"],
        requestId: req.requestId,
      });
      return { reply: problemReply(soldOut) };
    }
    // Driven from this moment: a second request of the same key must not think it interrupted.
    this.driving.add(id);
    return { started: id };
  }

  /** Runs a checkout just started, and answers it. */
  async runCheckout(id: string): Promise<CheckoutReply> {
    return unsettledAnswer(async () => answer(await this.driveCheckout(id, false), false));
  }

  /**
   * Answers a key seen before: its recorded answer, `idempotency_in_progress` while a request
   * drives it, or, when it was interrupted, the answer it settles to once recovered now.
   */
  async replayCheckout(id: string): Promise<CheckoutReply> {
    const record = this.records.get(id);
    if (!isUnsettled(record)) return answer(record, true);
    if (this.driving.has(id)) {
      return problemReply(
        new AppError(
          "idempotency_in_progress",
          "A checkout with this Idempotency-Key is still running.",
        ),
      );
    }
    return unsettledAnswer(async () => answer(await this.driveCheckout(id, true), true));
  }

  /**
   * Drives one checkout until it is done, waits to confirm its fulfillment (the first send to the
   * queue is part of the drive: one event, rather than an alarm of its own just after), or fails
   * on a step that must be retried later. `recovering`: it was interrupted, so anything before
   * capture goes back.
   */
  private async driveCheckout(id: string, recovering: boolean): Promise<CheckoutRecord> {
    this.driving.add(id);
    // One log line per drive, with every state it moved to: failures get lines of their own.
    const moves: string[] = [];
    let requestId: string | undefined;
    try {
      // The alarm stands before the first step's await: whatever stops now is recovered.
      await this.arm();
      let record = this.records.get(id);
      requestId = record.request.requestId;
      moves.push(record.state);
      if (recovering && record.state !== "done" && !resumesForward(record.state)) {
        if (record.state !== "unwinding") {
          log("checkout_recovered", { checkout: id, state: record.state });
          record = this.records.update(record, {
            state: "unwinding",
            failure: failure(record.state, interrupted()),
          });
          moves.push(record.state);
        }
      }
      while (record.state !== "done") {
        const state: Exclude<CheckoutState, "done"> = record.state;
        if (state === "fulfilling" && (record.wakeAt ?? 0) > Date.now()) {
          break;
        }
        try {
          await this.faultPoint(state, "before");
          const result = await CHECKOUT_STEPS[state](this.checkoutDeps(), record);
          await this.faultPoint(state, "after");
          if (result.clearCart) this.hooks.clearCart();
          record = this.records.update(record, result.patch);
          moves.push(record.state);
          if (result.waiting) break;
        } catch (err) {
          if (err instanceof SimulatedCrash) throw err;
          logFailure(err, { checkout: id, state, requestId: record.request.requestId });
          if (state !== "unwinding" && !resumesForward(state)) {
            record = this.records.update(record, {
              state: "unwinding",
              failure: failure(state, interrupted()),
            });
            moves.push(record.state);
            continue;
          }
          const attempts = record.attempts + 1;
          record = this.records.update(record, {
            attempts,
            wakeAt: Date.now() + retryDelayMs(attempts),
          });
          if (isUnsettled(record)) throw err;
          break;
        }
      }
      return record;
    } finally {
      this.driving.delete(id);
      log("checkout", { checkout: id, recovering, states: moves, requestId });
      await this.arm();
    }
  }

  /** Cancels a paid order of `shopperId`, or resumes a cancel of it that was interrupted. */
  async cancel(orderId: string, shopperId: string): Promise<CheckoutReply> {
    const order = await findOrder(this.env.DB, orderId, shopperId);
    if (!order) return problemReply(notFound("Order"));
    const record = this.cancellation(orderId);
    if (record?.state === "done" || (!record && order.status !== "paid")) {
      return problemReply(
        conflict(`Only a paid order can be cancelled; this one is ${order.status}.`),
      );
    }
    if (!record) this.startCancel(orderId, "claiming");
    if (!this.driving.has(orderId)) {
      const refused = await unsettledAnswer(() => this.driveCancel(orderId));
      if (refused && "body" in refused) return refused;
      if (refused) return problemReply(refused);
    }
    const after = await findOrder(this.env.DB, orderId, shopperId);
    if (!after) return problemReply(notFound("Order"));
    return { status: 200, body: JSON.stringify(shopperView(after)), replayed: false };
  }

  private startCancel(orderId: string, state: CancelRecord["state"]): void {
    const now = Date.now();
    this.db
      .insert(cancellations)
      .values({ orderId, state, wakeAt: now + RECOVERY_DELAY_MS, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .run();
  }

  /** Drives a cancel forward; answers the problem if its claim was refused (nothing was done). */
  private async driveCancel(orderId: string): Promise<AppError | null> {
    this.driving.add(orderId);
    try {
      let record = this.cancellation(orderId);
      while (record && record.state !== "done") {
        const state = record.state as Exclude<CancelRecord["state"], "done">;
        try {
          await this.faultPoint(`cancel:${state}`, "before");
          const result = await CANCEL_STEPS[state](this.cancelDeps(), record);
          await this.faultPoint(`cancel:${state}`, "after");
          if ("refused" in result) {
            this.db.delete(cancellations).where(eq(cancellations.orderId, orderId)).run();
            return result.refused;
          }
          record = this.updateCancel(orderId, result.patch);
          log("cancel_step", { order: orderId, from: state, to: record.state });
        } catch (err) {
          if (err instanceof SimulatedCrash) throw err;
          logFailure(err, { order: orderId, state });
          const attempts = record.attempts + 1;
          this.updateCancel(orderId, { attempts, wakeAt: Date.now() + retryDelayMs(attempts) });
          // Before the claim nothing happened yet: the caller hears of the failure.
          if (state === "claiming") throw err;
          return null;
        }
      }
      return null;
    } finally {
      this.driving.delete(orderId);
      await this.arm();
    }
  }

  /**
   * The reconciliation sweep's call for an order that has not reached a final state: drives what
   * is left of its checkout or cancel, or settles an order whose process record is gone.
   */
  async settle(orderId: string): Promise<string> {
    if (this.driving.has(orderId)) return "running";
    const done: string[] = [];
    const record = this.records.find(orderId);
    if (record && record.state !== "done") {
      done.push(`checkout ${(await this.driveCheckout(orderId, true)).state}`);
    }
    const cancel = this.cancellation(orderId);
    if (cancel && cancel.state !== "done") {
      await this.driveCancel(orderId);
      done.push(`cancel ${this.cancellation(orderId)?.state ?? "refused"}`);
    }
    const order = await findOrder(this.env.DB, orderId);
    if (order?.status === "pending_payment" && (!record || record.state === "done")) {
      // A settled record whose projection is missing, or no record at all: records outlive
      // every effect, so without one no money was ever taken for this order.
      const paid = record?.replyStatus === 201;
      await transitionOrder(
        this.env.DB,
        orderId,
        ["pending_payment"],
        paid ? "paid" : "payment_failed",
        paid
          ? { type: "paid", data: { paymentId: record?.paymentId }, once: "paid" }
          : { type: "payment_failed", data: { reason: "abandoned" }, once: "payment_failed" },
        record?.paymentId ?? undefined,
      );
      if (paid) await queueEmailStatement(this.env.DB, orderId, "order_confirmed").run();
      done.push(paid ? "projected paid" : "abandoned");
    }
    const restocked = order?.events.some((e) => e.type === "restocked");
    if (order?.status === "cancelled" && !restocked && !this.cancellation(orderId)) {
      // A claimed cancel whose record is gone: refund and restock are idempotent, so run them.
      this.startCancel(orderId, "refunding");
      await this.driveCancel(orderId);
      done.push("cancel resumed");
    }
    return done.join(", ") || "final";
  }

  /** Drives every process whose time has come; the ones a live request drives are looked at later. */
  async runDue(): Promise<void> {
    const now = Date.now();
    const later = now + RECOVERY_DELAY_MS;
    const due = (table: "checkouts" | "cancellations", id: "id" | "order_id") =>
      this.sql
        .exec<{ id: string }>(
          `SELECT ${id} AS id FROM ${table} WHERE wake_at IS NOT NULL AND wake_at <= ?`,
          now,
        )
        .toArray();
    const checkoutIds = due("checkouts", "id");
    const cancelIds = due("cancellations", "order_id");
    const processes = [
      ...checkoutIds.map(({ id }) => ({
        id,
        drive: () => this.driveCheckout(id, true),
        postpone: () => this.records.update(this.records.get(id), { wakeAt: later }),
      })),
      ...cancelIds.map(({ id }) => ({
        id,
        drive: () => this.driveCancel(id),
        postpone: () => this.updateCancel(id, { wakeAt: later }),
      })),
    ];
    for (const process of processes) {
      if (this.driving.has(process.id)) process.postpone();
      else await process.drive().catch(logFailure);
    }
  }

  /**
   * Arms the alarm for the earliest of every process's next look and the cart's expiry, unless it
   * is already set sooner: an early alarm finds nothing due and arms again, which is cheaper than
   * moving the alarm on every cart edit (each pushes the expiry out a little).
   */
  async arm(): Promise<void> {
    const { c, x } = this.sql
      .exec<{ c: number | null; x: number | null }>(
        "SELECT (SELECT min(wake_at) FROM checkouts) AS c, (SELECT min(wake_at) FROM cancellations) AS x",
      )
      .one();
    const times = [c, x, this.hooks.expiresAt()].filter((t): t is number => typeof t === "number");
    const next = Math.min(...times);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  /**
   * Arms the alarm when none is set (the cart's first edit). A later edit only pushes the expiry
   * out, and whatever alarm is set is no later than the old one: it fires, finds nothing due and
   * arms again.
   */
  async armIfUnset(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.arm();
  }

  inject(fault: Fault): boolean {
    return this.faults.add(fault);
  }

  /** A planted fault at this point, if any: a crash forgets what this instance was driving. */
  private async faultPoint(step: string, at: Fault["at"]): Promise<void> {
    await this.faults.at(step, at, () => this.driving.clear());
  }

  private checkoutDeps(): CheckoutDeps {
    const config = readConfig(this.env);
    return {
      db: this.env.DB,
      stock: (sku, shard = 0) => stockShardStub(this.env.INVENTORY, sku, shard),
      payments: paymentProvider(this.env),
      sendFulfillment: async (orderId, requestId) => {
        await this.env.FULFILLMENT.send({ orderId, requestId });
      },
      rules: {
        currency: config.storeCurrency,
        shippingFlat: config.shippingFlat,
        freeShippingOver: config.freeShippingOver,
        holdTtlMs: config.holdTtlSeconds * 1000,
      },
    };
  }

  private cancelDeps(): CancelDeps {
    return {
      db: this.env.DB,
      payments: paymentProvider(this.env),
      stock: (sku, shard = 0) => stockShardStub(this.env.INVENTORY, sku, shard),
    };
  }

  private cancellation(orderId: string): CancelRecord | undefined {
    return this.db.select().from(cancellations).where(eq(cancellations.orderId, orderId)).get() as
      | CancelRecord
      | undefined;
  }

  private updateCancel(orderId: string, patch: Partial<CancelRecord>): CancelRecord {
    this.db
      .update(cancellations)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(cancellations.orderId, orderId))
      .run();
    const row = this.cancellation(orderId);
    if (!row) throw new Error(`cancel of ${orderId} not found`);
    return row;
  }
}

function answer(record: CheckoutRecord, replayed: boolean): CheckoutReply {
  // Waiting for the shopper's authentication: an answer for now, asked again with the same key.
  if (record.state === "authenticating" && record.replyStatus === null && record.replyBody) {
    return { status: 402, body: record.replyBody, replayed: false };
  }
  if (record.replyStatus === null || record.replyBody === null) {
    throw new Error(`checkout ${record.id} stopped unanswered in ${record.state}`);
  }
  return { status: record.replyStatus, body: record.replyBody, replayed };
}

const log = (event: string, fields: Record<string, unknown>) => logEvent(event, fields);
