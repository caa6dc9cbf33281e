import type { CartView } from "../src/cart/cart-view";
import type { CheckoutOutcome } from "../src/checkout/record";
import type { AppError, FieldError, Problem } from "../src/errors";
import type { Money } from "../src/money";
import type { Order, ShippingAddress } from "../src/schemas/orders";

/**
 * What CartObject's RPC methods take and answer: domain outcomes, which the edge alone turns into
 * HTTP (`workers/process-reply.ts`). A leaf module, so no import cycles go through it.
 */

export interface CartError {
  code: "not_found" | "insufficient_stock" | "validation_failed" | "checkout_in_progress";
  detail: string;
  errors?: FieldError[];
}

export type CartResult = { ok: true; cart: CartView } | { ok: false; error: CartError };

export interface CheckoutCall {
  shopperId: string;
  idempotencyKey: string;
  requestHash: string;
  email: string;
  shippingAddress: ShippingAddress;
  paymentToken: string;
  expectedTotal?: Money | undefined;
  requestId?: string | undefined;
}

/** Refused before anything was done (a key reused, another checkout running, no such order). */
export interface Refused {
  kind: "refused";
  problem: Problem;
}

/**
 * The request's process goes on without it (a failure after money may have moved, a crash, the
 * cart object reset under the call): the same request sent again soon answers how it ended.
 * Never recorded.
 */
export interface StillRunning {
  kind: "still_running";
}

export const refused = (err: AppError): Refused => ({ kind: "refused", problem: err.problem });

export const STILL_RUNNING: StillRunning = { kind: "still_running" };

/** A checkout's answer; `replayed` when it is the recorded outcome of a key seen before. */
export interface CheckoutAnswer {
  outcome: CheckoutOutcome | Refused | StillRunning;
  replayed: boolean;
}

/** A cancel's answer: the order, cancelled (its refund and restock may still be running). */
export type CancelAnswer = { kind: "cancelled"; order: Order } | Refused | StillRunning;
