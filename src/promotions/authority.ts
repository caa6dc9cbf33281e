import { codeKeyOf } from "./discount-store";

/** The limits a hold is checked against, from the code's definition in D1 at the time. */
export interface RedemptionLimits {
  /** Redemptions of the code in all, held ones counted; null: no limit. */
  usageLimit: number | null;
  /** Redemptions by one customer (or one guest email); null: no limit. */
  perCustomerLimit: number | null;
  /** How long an uncommitted hold lasts (a checkout's stock holds last as long). */
  ttlMs: number;
}

export type RedemptionResult =
  | { ok: true }
  | { ok: false; reason: "used_up" | "customer_limit" | "released" };

/** The calls a checkout makes on a code's `DiscountObject`. */
export interface RedemptionAuthority {
  hold(holdId: string, redeemer: string, limits: RedemptionLimits): Promise<RedemptionResult>;
  commit(holdId: string): Promise<RedemptionResult>;
  release(holdId: string, redeemer?: string): Promise<{ state: string }>;
}

/** The `DiscountObject` that counts a code's uses: one per code, named by the lower-cased code. */
export function discountAuthority<T extends Rpc.DurableObjectBranded>(
  namespace: DurableObjectNamespace<T>,
  code: string,
): DurableObjectStub<T> {
  return namespace.get(namespace.idFromName(codeKeyOf(code)));
}

/** Who redeems a code, for its per-customer limit: a customer by id, a guest by email. */
export const redeemerOf = (shopperId: string, email: string) =>
  shopperId.startsWith("gst_") ? `email:${email.trim().toLowerCase()}` : `customer:${shopperId}`;

/** Whether a code has a use left for one more checkout, by its authority's counts. */
export const hasUseLeft = (usageLimit: number | null, counts: { used: number; held: number }) =>
  usageLimit === null || counts.used + counts.held < usageLimit;
