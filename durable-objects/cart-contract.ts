import type { CartView } from "../src/cart/cart-view";
import { type AppError, type FieldError, problemBody } from "../src/errors";
import type { Money } from "../src/money";
import type { ShippingAddress } from "../src/schemas/orders";

/** What CartObject's RPC methods take and answer: a leaf module, so no import cycles through it. */

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

/** The HTTP answer to a checkout or a cancel, as first given (`replayed` when it comes from the record). */
export interface CheckoutReply {
  status: number;
  body: string;
  replayed: boolean;
  /** Headers of an answer that is not recorded (`retry-after` of a process still being driven). */
  headers?: Record<string, string>;
}

export const problemReply = (err: AppError): CheckoutReply => ({
  status: err.status,
  body: JSON.stringify(problemBody(err)),
  replayed: false,
  ...(err.headers ? { headers: err.headers } : {}),
});
