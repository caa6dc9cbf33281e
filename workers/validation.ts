import type { Hook } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { type FieldError, validationFailed } from "../src/errors";

/** One entry per bad field (the contract's shape), its messages joined when zod found several. */
export function fieldErrors(error: ZodError): FieldError[] {
  const byPath = new Map<string, string[]>();
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? issue.path.join(".") : "(body)";
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`
        : issue.message;
    byPath.set(path, [...(byPath.get(path) ?? []), message]);
  }
  return [...byPath].map(([path, messages]) => ({ path, message: messages.join("; ") }));
}

/** The one place a failed request validation becomes the contract's 400 problem. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every shape.
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) throw validationFailed(fieldErrors(result.error));
};
