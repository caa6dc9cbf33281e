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
  | "unsupported_media_type"
  | "unsupported_image_type"
  | "invalid_signature"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  idempotency_key_missing: 400,
  invalid_signature: 400,
  unauthorized: 401,
  payment_declined: 402,
  authentication_required: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  insufficient_stock: 409,
  cart_empty: 409,
  idempotency_in_progress: 409,
  checkout_in_progress: 409,
  checkout_interrupted: 409,
  price_changed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unsupported_image_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  dependency_unavailable: 503,
  not_configured: 503,
};

/** Every `code` a problem can carry: the contract's stable list. */
export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

/** A failure the client can act on; the HTTP layer renders it as an RFC 9457 problem. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = "AppError";
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);

export const conflict = (detail: string) => new AppError("conflict", detail);

export const validationFailed = (errors: FieldError[]) =>
  new AppError("validation_failed", "The request has invalid fields.", errors);

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
}

/** RFC 9457 problem details for an error. */
export function problemBody(err: AppError): ProblemBody {
  return {
    type: "about:blank",
    title: TITLES[err.status] ?? "Error",
    status: err.status,
    code: err.code,
    detail: err.detail,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}
