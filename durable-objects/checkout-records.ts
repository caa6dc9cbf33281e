import type { CartLine } from "../src/cart/cart-view";
import { CHECKOUT } from "../src/checkout/process";
import { CHECKOUT_TABLE, type CheckoutRecord } from "../src/checkout/record";
import { ProcessRecords } from "../src/processes/records";
import type { CheckoutCall } from "./cart-contract";

/** A cart's checkout records, with what only checkouts ask of them: their keys and answers. */
export class CheckoutRecords extends ProcessRecords<CheckoutRecord> {
  constructor(sql: SqlStorage) {
    super(sql, CHECKOUT_TABLE);
  }

  /** Checkouts without their final answer yet: until one has it, it holds the cart. */
  unanswered(): { id: string }[] {
    return this.sql
      .exec<{ id: string }>(`SELECT id FROM checkouts
         WHERE outcome IS NULL OR json_extract(outcome, '$.kind') = 'waiting'`)
      .toArray();
  }

  /** Forgets answered checkouts made before `before`: their keys are no longer replayed. */
  forgetAnsweredBefore(before: number): void {
    this.sql.exec("DELETE FROM checkouts WHERE state = 'done' AND created_at < ?", before);
  }

  /** The checkout of an Idempotency-Key, with the hash of the body it came with. */
  byKey(key: string): { id: string; requestHash: string } | undefined {
    const row = this.sql
      .exec<{ id: string; request_hash: string }>(
        "SELECT id, request_hash FROM checkouts WHERE idempotency_key = ?",
        key,
      )
      .toArray()[0];
    return row && { id: row.id, requestHash: row.request_hash };
  }
}

/**
 * A new checkout's record: what the shopper asked for, in the request's market (`market`), and
 * the cart's lines and code as they are now.
 */
export function newCheckout(
  id: string,
  req: CheckoutCall,
  lines: CartLine[],
  market: string,
  discountCode?: string,
) {
  return {
    id,
    idempotencyKey: req.idempotencyKey,
    requestHash: req.requestHash,
    state: CHECKOUT.initial as CheckoutRecord["state"],
    request: {
      market,
      shippingMethod: req.shippingMethod,
      discountCode,
      shopperId: req.shopperId,
      email: req.email,
      shippingAddress: req.shippingAddress,
      paymentToken: req.paymentToken,
      giftCard: req.giftCard,
      expectedTotal: req.expectedTotal,
      lines,
      requestId: req.requestId,
      origin: req.origin,
    },
  };
}
