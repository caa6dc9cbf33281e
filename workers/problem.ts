import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, problemBody } from "../src/errors";

/** Renders an AppError as RFC 9457 problem details. */
export function problem(c: Context, err: AppError): Response {
  return c.body(JSON.stringify(problemBody(err)), err.status as ContentfulStatusCode, {
    "content-type": "application/problem+json",
    ...err.headers,
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
