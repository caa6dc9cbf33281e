import { OpenAPIHono } from "@hono/zod-openapi";
import * as z from "zod";
import { ProblemSchema } from "../src/schemas/common";
import type { AppEnv } from "./app-env";
import { validationHook } from "./validation";

/** A sub-app whose routes validate through the shared hook and land in the OpenAPI document. */
export const openApiApp = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

export const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid request (`validation_failed`, `invalid_json`)",
  401: "Missing or invalid token (`unauthorized`)",
  402: "Payment declined (`payment_declined`)",
  403: "Not allowed with this token (`forbidden`)",
  404: "Not found (`not_found`)",
  409: "Conflict with the current state",
  413: "Body over 64 KiB (`payload_too_large`)",
  415: "Body not JSON in UTF-8 (`unsupported_media_type`)",
  422: "Idempotency key reused with another body",
  429: "Rate limited (`rate_limited`)",
  503: "`dependency_unavailable`, with `retry-after`: a service it needs failed; it goes on by itself, so send the same request again",
};

/** OpenAPI response entries for the problems a route can answer. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, problem(DESCRIPTIONS[status] ?? "Problem")]),
  );
}

/** One problem response with a description of its own (the codes this route answers). */
export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const jsonBody = <T>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** The `Idempotency-Key` header of a route that needs one (checked by `checkIdempotencyKey`). */
export const requiredIdempotencyKey = z.object({
  // Optional to the validator, so that a missing key is the route's own 400 (see
  // `checkIdempotencyKey`); required in the document, as it is.
  "idempotency-key": z
    .string()
    .optional()
    .meta({ param: { required: true } }),
});

export const jsonContent = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
