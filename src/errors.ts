/** One invalid field of a request, `path` dotted as in the contract (`items.0.quantity`). */
export interface FieldError {
  path: string;
  message: string;
}

export type ErrorCode =
  | "validation_failed"
  | "invalid_json"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "insufficient_stock"
  | "cart_empty"
  | "idempotency_key_missing"
  | "idempotency_key_reused"
  | "idempotency_in_progress"
  | "payment_declined"
  | "authentication_required"
  | "payload_too_large"
  | "rate_limited"
  | "checkout_in_progress"
  | "checkout_interrupted"
  | "dependency_unavailable"
  | "not_configured"
  | "price_changed"
  | "market_mismatch"
  | "shipping_unavailable"
  | "discount_not_applicable"
  | "discount_used_up"
  | "gift_card_insufficient"
  | "gift_card_unusable"
  | "refund_exceeds_captured"
  | "refund_refused"
  | "unsupported_media_type"
  | "unsupported_image_type"
  | "invalid_signature"
  | "token_invalid"
  | "internal";

/** Every `code` a problem can carry: the contract's stable list. */
export const ERROR_CODES: readonly ErrorCode[] = [
  "validation_failed",
  "invalid_json",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "insufficient_stock",
  "cart_empty",
  "idempotency_key_missing",
  "idempotency_key_reused",
  "idempotency_in_progress",
  "payment_declined",
  "authentication_required",
  "payload_too_large",
  "rate_limited",
  "checkout_in_progress",
  "checkout_interrupted",
  "dependency_unavailable",
  "not_configured",
  "price_changed",
  "market_mismatch",
  "shipping_unavailable",
  "discount_not_applicable",
  "discount_used_up",
  "gift_card_insufficient",
  "gift_card_unusable",
  "refund_exceeds_captured",
  "refund_refused",
  "unsupported_media_type",
  "unsupported_image_type",
  "invalid_signature",
  "token_invalid",
  "internal",
];

/**
 * A failure the client can act on, told by its stable `code`; `workers/problem.ts` gives it its
 * HTTP status and renders it as an RFC 9457 problem.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = "AppError";
  }

  get problem(): Problem {
    return problemOf(this);
  }
}

/** A failure as data, kept in a process record and answered by the edge: code, words, fields. */
export interface Problem {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
}

export const problemOf = (err: {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
}): Problem => ({
  code: err.code,
  detail: err.detail,
  ...(err.errors ? { errors: err.errors } : {}),
});

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);

export const conflict = (detail: string) => new AppError("conflict", detail);

export const validationFailed = (errors: FieldError[]) =>
  new AppError("validation_failed", "The request has invalid fields.", errors);
