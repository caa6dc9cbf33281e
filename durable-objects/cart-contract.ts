import type { CartView } from "../src/cart/cart-view";
import type { CheckoutOutcome, CheckoutRecord } from "../src/checkout/record";
import type { AppError, FieldError, Problem } from "../src/errors";
import { marketMismatch } from "../src/markets/mismatch";
import type { PlaceAsked } from "../src/markets/place";
import type { Money } from "../src/money";
import type { Order, ShippingAddress } from "../src/schemas/orders";

/**
 * What CartObject's RPC methods take and answer: domain outcomes, which the edge alone turns into
 * HTTP (`workers/process-reply.ts`). A leaf module, so no import cycles go through it.
 */

export interface CartError {
  code:
    | "not_found"
    | "insufficient_stock"
    | "validation_failed"
    | "checkout_in_progress"
    | "market_mismatch"
    | "discount_not_applicable"
    | "discount_used_up";
  detail: string;
  errors?: FieldError[];
  /** With `market_mismatch`: the market the cart stays in. */
  cartMarket?: string;
}

export type CartResult = { ok: true; cart: CartView } | { ok: false; error: CartError };

/**
 * Where a cart request comes from: the market it was made in (resolved and checked at the edge)
 * and the country it comes from or asks about, which the cart's tax and shipping are estimated for.
 */
export interface CartPlace extends PlaceAsked {
  market: string;
}

/** A cart's lines that cannot move from `cartMarket` into the market named (see `marketMismatch`). */
export function cannotMove(
  skus: readonly string[],
  marketName: string,
  cartMarket: string,
): { ok: false; error: CartError } {
  const { detail, errors } = marketMismatch(skus, marketName);
  return { ok: false, error: { code: "market_mismatch", detail, errors, cartMarket } };
}

/** The refusals of a cart edit. */
export const locked = (): { ok: false; error: CartError } => ({
  ok: false,
  error: {
    code: "checkout_in_progress",
    detail: "This cart is being checked out; it can change again once the checkout has finished.",
  },
});

export const lineNotFound = (detail: string): CartResult => ({
  ok: false,
  error: { code: "not_found", detail },
});

export const invalid = (path: string, message: string): CartResult => ({
  ok: false,
  error: {
    code: "validation_failed",
    detail: `The cart cannot take this: ${message}.`,
    errors: [{ path, message }],
  },
});

export function shortOf(sku: string, available: number, inCart: number): CartResult {
  const message =
    inCart > 0
      ? `only ${available} available and ${inCart} already in the cart`
      : `only ${available} available`;
  return {
    ok: false,
    error: {
      code: "insufficient_stock",
      detail: `Not enough stock of ${sku}: ${message}.`,
      errors: [{ path: `items.${sku}`, message }],
    },
  };
}

/** A refusal of the domain's, as the cart's RPC answers it. */
export const cartError = (err: AppError): { ok: false; error: CartError } => ({
  ok: false,
  error: {
    code: err.code as CartError["code"],
    detail: err.detail,
    ...(err.errors ? { errors: err.errors } : {}),
  },
});

export interface CheckoutCall {
  place: CartPlace;
  /** The shipping method asked for; the cheapest for the address's country when absent. */
  shippingMethod?: string | undefined;
  shopperId: string;
  idempotencyKey: string;
  requestHash: string;
  email: string;
  shippingAddress: ShippingAddress;
  /** Absent when a gift card pays the whole total. */
  paymentToken?: string | undefined;
  /** The gift card that pays first: its key (the code is never stored) and last four. */
  giftCard?: { key: string; last4: string } | undefined;
  expectedTotal?: Money | undefined;
  requestId?: string | undefined;
  /** The shop's origin the request came to: the order's emails link to its page there. */
  origin?: string | undefined;
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

/** The outcome a checkout's drive stopped with; one stopped without any is still running. */
export function outcomeOf(record: CheckoutRecord): CheckoutOutcome {
  if (record.outcome === null) {
    throw new Error(`checkout ${record.id} stopped unanswered in ${record.state}`);
  }
  return record.outcome;
}

export const answered = (outcome: CheckoutAnswer["outcome"]) => ({ answer: fresh(outcome) });

export const fresh = (outcome: CheckoutAnswer["outcome"]): CheckoutAnswer => ({
  outcome,
  replayed: false,
});

/** A recorded outcome answered again; a wait for 3-D Secure is an answer for now, not a replay. */
export const replayed = (outcome: CheckoutOutcome): CheckoutAnswer => ({
  outcome,
  replayed: outcome.kind !== "waiting",
});
