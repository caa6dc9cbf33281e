import { AppError } from "../errors";
import type { HoldResult } from "../inventory";
import type { MarketFallback } from "../markets/load";
import { money } from "../money";
import type { NewOrder } from "../orders/repo";
import type { PaymentProvider } from "../payments/provider";
import type { Moved } from "../processes/definition";
import type { RedemptionAuthority } from "../promotions/authority";
import type { GiftCardAuthority } from "../promotions/gift-card-authority";
import { type CheckoutOutcome, type CheckoutRecord, type ForwardState, failure } from "./record";

/** The calls checkout and cancel make on one sku's InventoryObject. */
export interface StockAuthority {
  hold(holdId: string, quantity: number, ttlMs: number): Promise<HoldResult>;
  commit(holdId: string): Promise<HoldResult>;
  unwind(holdId: string): Promise<HoldResult>;
}

export interface CheckoutDeps {
  db: D1Database;
  /** The sku's stock object: its home, or the shard `shard` of a sku whose stock is split. */
  stock: (sku: string, shard?: number) => StockAuthority;
  /** The code's `DiscountObject`, the one authority on its uses. */
  discounts: (code: string) => RedemptionAuthority;
  /** The gift card's `GiftCardObject`, by the card's key: the one authority on its balance. */
  giftCards: (key: string) => GiftCardAuthority;
  payments: PaymentProvider;
  sendFulfillment: (orderId: string, requestId?: string) => Promise<void>;
  /** The vars' market, for a shop that set up none (see `queryMarketSet`), and how long holds last. */
  rules: { fallback: MarketFallback; holdTtlMs: number };
  /** The store's secret the codes of gift cards bought in an order are made with. */
  giftCardSecret: string;
}

/** What a checkout step changes in the record, written in one storage step after its effect. */
export interface CheckoutMoved extends Moved<CheckoutRecord> {
  /** Empty the cart in the same storage step (the checkout was paid). */
  clearCart?: boolean;
}

export type CheckoutStep = (deps: CheckoutDeps, record: CheckoutRecord) => Promise<CheckoutMoved>;

/** Ends the checkout with `outcome` as its answer for ever (the key replays it). */
export const conclude = (outcome: CheckoutOutcome): CheckoutMoved => ({
  patch: { state: "done", outcome, wakeAt: null },
});

/** Ends the checkout refused, before it did anything outside the cart. */
export const refuse = (err: AppError) => conclude({ kind: "refused", problem: err.problem });

/** Goes back from `from`: everything done so far is undone, then `err` is the answer. */
export const goBack = (from: ForwardState, err: AppError): CheckoutMoved => ({
  patch: { state: "unwinding", failure: failure(from, err) },
});

export const mustOrder = (record: CheckoutRecord): NewOrder => {
  if (!record.order) throw new Error(`checkout ${record.id} has no order in state ${record.state}`);
  return record.order;
};

export const totalOf = (order: NewOrder) => money(order.total, order.currency);

/** What the card pays: the total less the gift card's part (0 when the gift card pays it all). */
export const dueOf = (order: NewOrder) =>
  money(order.total - (order.giftCard?.amount ?? 0), order.currency);

/**
 * Every call answered, each tried even when another failed (so no stock object is left out of a
 * hold, commit or unwind); then the first failure is thrown, for the step to be retried or undone.
 */
export async function allOrFirstFailure<T>(calls: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(calls);
  const broken = settled.find((r) => r.status === "rejected");
  if (broken) throw broken.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

export const declined = (message: string) => new AppError("payment_declined", message);
