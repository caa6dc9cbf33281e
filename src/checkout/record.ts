import type { CartLine } from "../cart/cart-view";
import { AppError, type FieldError, type Problem } from "../errors";
import type { Money } from "../money";
import type { NewOrder } from "../orders/repo";
import type { RecordTable } from "../processes/records";
import type { Order, ShippingAddress } from "../schemas/orders";

/**
 * The states of a checkout, in the order a successful one goes through them. Each names the step
 * that runs next, and that may already have half run when a checkout stopped; what each does,
 * and where it goes on a failure, is the table in `process.ts`.
 */
export const FORWARD_STATES = [
  "pricing", // reprice the cart from the catalog; no effect outside the cart yet
  "redeeming", // hold a use of the cart's discount code in its DiscountObject
  "spending", // hold the gift card's part of the total in its GiftCardObject
  "holding", // hold every line in its sku's InventoryObject
  "recording", // write the order to D1 as pending_payment
  "authorizing", // authorize the payment
  "authenticating", // wait for the shopper's 3-D Secure, when the card's bank asks for it
  "committing", // commit every hold: the units are sold
  "capturing", // capture the payment; then the cart is emptied and the answer recorded at once
  "marking_paid", // mark the D1 order `paid` and queue its confirmation email
  "fulfilling", // send fulfillment until the consumer confirms it (fulfilled or failed)
] as const;

export type ForwardState = (typeof FORWARD_STATES)[number];
/**
 * `unwinding`: void the authorization, give back every hold, mark the order failed.
 * `rechecking`: answered, but an authorization whose call was cut off may still appear: look once more.
 */
export type CheckoutState = ForwardState | "unwinding" | "rechecking" | "done";

/** What the shopper asked for, as it was when the checkout started. */
export interface CheckoutInput {
  /** The market the cart was in; absent in checkouts from before markets (the default's). */
  market?: string | undefined;
  /** The shipping method asked for; absent: the cheapest for the address's country. */
  shippingMethod?: string | undefined;
  /** The discount code the cart carried. */
  discountCode?: string | undefined;
  shopperId: string;
  email: string;
  shippingAddress: ShippingAddress;
  /** Absent when a gift card pays the whole total. */
  paymentToken?: string | undefined;
  /** The gift card that pays first (its key and last four; the code is never stored). */
  giftCard?: { key: string; last4: string } | undefined;
  expectedTotal?: Money | undefined;
  lines: CartLine[];
  /** The request that started it: in every log line of the checkout and in its queue message. */
  requestId?: string | undefined;
  /** The shop's origin the request came to (the order's emails link there). */
  origin?: string | undefined;
}

/** Why a checkout is going back: how far it got forward, and the problem it will answer. */
export interface Failure {
  from: ForwardState;
  problem: Problem;
  /**
   * Going back from `holding` because a line was short: the skus whose holds were made. Only
   * those are unwound (a refused hold leaves nothing behind). Absent: every line is unwound.
   */
  held?: string[];
}

export interface CheckoutRecord {
  id: string;
  idempotencyKey: string;
  requestHash: string;
  state: CheckoutState;
  request: CheckoutInput;
  order: NewOrder | null;
  authorizationId: string | null;
  paymentId: string | null;
  paidAt: string | null;
  failure: Failure | null;
  /** Its answer, once it has one: final unless `waiting`. */
  outcome: CheckoutOutcome | null;
  attempts: number;
  wakeAt: number | null;
}

/**
 * How a checkout ended, or, `waiting`, the answer for now while the shopper authenticates (3-D
 * Secure): the same key asked again after it drives the checkout on. The edge gives each its HTTP
 * status; the key replays the same outcome, so the same bytes, for 24 hours.
 */
export type CheckoutOutcome =
  | { kind: "paid"; order: Order }
  | { kind: "refused"; problem: Problem }
  | { kind: "waiting"; problem: Problem; clientSecret: string };

/**
 * True until the checkout has its final answer: it may still take money or stock, and the cart is
 * locked until then.
 */
export const isUnanswered = (r: Pick<CheckoutRecord, "outcome">) =>
  r.outcome === null || r.outcome.kind === "waiting";

/** Where checkout records are kept: the `checkouts` table of `src/db/cart-schema.ts`. */
export const CHECKOUT_TABLE: RecordTable<CheckoutRecord> = {
  table: "checkouts",
  columns: {
    id: "id",
    idempotencyKey: "idempotency_key",
    requestHash: "request_hash",
    state: "state",
    request: "request",
    order: "order",
    authorizationId: "authorization_id",
    paymentId: "payment_id",
    paidAt: "paid_at",
    failure: "failure",
    outcome: "outcome",
    attempts: "attempts",
    wakeAt: "wake_at",
  },
  json: ["request", "order", "failure", "outcome"],
};

/**
 * Until when a shopper may authenticate: the stock holds were made just after the order was
 * priced, so this ends a minute (at most a quarter of the hold) before they run out.
 */
export function authenticationDeadline(order: { createdAt: string }, holdTtlMs: number): number {
  return Date.parse(order.createdAt) + holdTtlMs - Math.min(60_000, holdTtlMs / 4);
}

/** The answer while a checkout waits for the shopper's authentication (not final). */
export const waitingFor = (clientSecret: string): CheckoutOutcome => ({
  kind: "waiting",
  problem: new AppError(
    "authentication_required",
    "The card's bank asks you to confirm this payment (3-D Secure). Complete it with Stripe.js (`stripe.handleNextAction({ clientSecret })`), then send this request again with the same Idempotency-Key.",
  ).problem,
  clientSecret,
});

/** Whether the checkout got at least as far as `step` before it stopped. */
export function reached(from: ForwardState, step: ForwardState): boolean {
  return FORWARD_STATES.indexOf(from) >= FORWARD_STATES.indexOf(step);
}

export const failure = (from: ForwardState, err: AppError): Failure => ({
  from,
  problem: err.problem,
});

/**
 * The final answer of a checkout that stopped on an unexpected failure (a crash, a dependency
 * down) before any money moved, and was undone: a client can tell it from a failure of the
 * server now by its code, and knows to check out again with a new key.
 */
export const interrupted = () =>
  new AppError(
    "checkout_interrupted",
    "The checkout could not finish and was undone: nothing was charged and your cart is unchanged. Check out again.",
  );

export function insufficient(errors: FieldError[]): AppError {
  return new AppError(
    "insufficient_stock",
    "Some items are not available in the quantity asked for.",
    errors,
  );
}

export const holdIdFor = (orderId: string, sku: string) => `${orderId}/${sku}`;
