import type { Money } from "../money";

export type AuthorizeResult =
  | { ok: true; authorizationId: string }
  | { ok: false; declined: true; message: string };

/**
 * What checkout needs from a payment provider. Every call carries an idempotency key, so a retry
 * after a timeout never charges or refunds twice. Errors other than a decline are thrown.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Whether a client-supplied payment token is one this provider can use. */
  acceptsToken(token: string): boolean;
  authorize(req: {
    amount: Money;
    token: string;
    idempotencyKey: string;
  }): Promise<AuthorizeResult>;
  capture(req: {
    authorizationId: string;
    amount: Money;
    idempotencyKey: string;
  }): Promise<{ paymentId: string }>;
  /** Refunds a captured payment, or voids an authorization that was never captured. */
  refund(req: {
    paymentId: string;
    amount: Money;
    idempotencyKey: string;
  }): Promise<{ refundId: string }>;
}
