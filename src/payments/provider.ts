import type { Money } from "../money";

export type AuthorizeResult =
  | { ok: true; authorizationId: string }
  | { ok: false; declined: true; code: string; message: string }
  /**
   * The card's bank asks the shopper to authenticate (3-D Secure): the authorization exists but
   * holds no money until the shopper does it in the browser with the client secret.
   */
  | { ok: false; declined: false; authorizationId: string; clientSecret: string };

/** Where an authorization stands, asked again after the shopper's authentication. */
export type AuthorizationState =
  | { state: "authorized" }
  | { state: "authenticating"; clientSecret: string }
  | { state: "failed"; message: string };

/** A capture the provider refused for good (the authorization expired or was voided). */
export type CaptureResult = { ok: true; paymentId: string } | { ok: false; message: string };

/**
 * A refund the provider made, or refused for good (the charge has less left to refund, it is
 * disputed): the same request again would be refused again.
 */
export type RefundResult = { ok: true; refundId: string } | { ok: false; message: string };

/**
 * What checkout needs from a payment provider. Every call carries an idempotency key, so a retry
 * after a timeout never charges, voids or refunds twice. Errors other than a decline are thrown:
 * a thrown call may or may not have happened, and is retried with the same key.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Whether a client-supplied payment token is one this provider can use. */
  acceptsToken(token: string): boolean;
  authorize(req: {
    amount: Money;
    token: string;
    idempotencyKey: string;
    /** The order paid for: Stripe keeps it on the PaymentIntent, so its webhooks name the order. */
    orderId?: string;
  }): Promise<AuthorizeResult>;
  /**
   * Finds the authorization made for `orderId` by an `authorize` call whose answer was lost (the
   * checkout stopped before recording it), so that it can be voided. A lookup only: it never
   * creates one. It was made between `since` (the order's time) and `until` (when the order's
   * stock holds ran out: no authorize is asked later); null when the provider has none.
   */
  findAuthorization(req: {
    orderId: string;
    idempotencyKey: string;
    since: number;
    until: number;
  }): Promise<string | null>;
  /** Looks up an authorization that waited for the shopper's authentication. */
  authorization(authorizationId: string): Promise<AuthorizationState>;
  capture(req: {
    authorizationId: string;
    amount: Money;
    idempotencyKey: string;
  }): Promise<CaptureResult>;
  /** Cancels an authorization that was never captured: no money moves, no refund is needed. */
  void(req: { authorizationId: string; idempotencyKey: string }): Promise<void>;
  /** Gives back (part of) a captured payment. */
  refund(req: { paymentId: string; amount: Money; idempotencyKey: string }): Promise<RefundResult>;
}
