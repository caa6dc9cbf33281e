import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ErrorCode, type FieldError, type Problem } from "../src/errors";

/** A failure the edge itself finds, with the headers its answer carries (`www-authenticate`). */
export class EdgeError extends AppError {
  constructor(
    code: ErrorCode,
    detail: string,
    readonly headers: Record<string, string>,
    errors?: FieldError[],
  ) {
    super(code, detail, errors);
  }
}

export const headersOf = (err: AppError) => (err instanceof EdgeError ? err.headers : {});

/** The HTTP status of each problem code: the contract's table (docs/api.md). */
const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  idempotency_key_missing: 400,
  invalid_signature: 400,
  token_invalid: 400,
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
  market_mismatch: 409,
  shipping_unavailable: 409,
  discount_used_up: 409,
  gift_card_insufficient: 409,
  gift_card_unusable: 409,
  refund_exceeds_captured: 409,
  refund_refused: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unsupported_image_type: 415,
  idempotency_key_reused: 422,
  discount_not_applicable: 422,
  rate_limited: 429,
  internal: 500,
  dependency_unavailable: 503,
  not_configured: 503,
};

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

export interface ProblemBody extends Problem {
  type: string;
  title: string;
  status: number;
}

export const statusOf = (code: ErrorCode) => STATUS[code] as ContentfulStatusCode;

/** RFC 9457 problem details for a problem: its fields, with the status and title of its code. */
export function problemBody(problem: Problem): ProblemBody {
  const status = STATUS[problem.code];
  return {
    type: "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    code: problem.code,
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

/** Renders an AppError as RFC 9457 problem details. */
export function problem(c: Context, err: AppError): Response {
  return problemResponse(c, err.problem, headersOf(err));
}

export function problemResponse(c: Context, p: Problem, headers: Record<string, string> = {}) {
  return c.body(JSON.stringify(problemBody(p)), statusOf(p.code), {
    "content-type": "application/problem+json",
    ...headers,
  });
}

/** Maps anything thrown while handling a request to the contract's error codes. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && err.message.startsWith("Malformed JSON")) {
      return new AppError("invalid_json", "The request body is not valid JSON.");
    }
    if (err.status === 413) {
      return new AppError("payload_too_large", "The request body is larger than 64 KiB.");
    }
    if (err.status === 401) return new AppError("unauthorized", "A valid token is required.");
    if (err.status === 403) {
      return new AppError("forbidden", "This form was not sent from this site's own pages.");
    }
    if (err.status < 500) return new AppError("validation_failed", err.message || "Bad request.");
  }
  return new AppError("internal", "Something went wrong on our side. Please try again.");
}

/**
 * A refusal of the domain (a 4xx `AppError`) as a page shows it: its words and status; anything
 * else is thrown on (a 500).
 */
export function pageRefusal(err: unknown): {
  error: string;
  status: ContentfulStatusCode;
  problem: AppError;
} {
  if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
  return { error: err.detail, status: statusOf(err.code), problem: err };
}
