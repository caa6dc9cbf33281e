import type { Hook } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { type FieldError, validationFailed } from "../src/errors";

export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.join(".") : "(body)",
    message:
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`
        : issue.message,
  }));
}

/** The one place a failed request validation becomes the contract's 400 problem. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every shape.
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) throw validationFailed(fieldErrors(result.error));
};
