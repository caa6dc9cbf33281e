import type { z } from "zod";
import { type FieldError, validationFailed } from "../errors";

/** The keys of `record` whose value is not null: a stored row as the input that would make it. */
export function inputOf<T extends object>(record: T, keys: readonly (keyof T)[]) {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = record[key];
    if (value !== null && value !== undefined) out[key as string] = value;
  }
  return out;
}

/**
 * A stored rule's input changed by `patch` (a null removes a field), checked again as a whole by
 * `schema`, so a change cannot make a rule that creating it would refuse (400 with every problem).
 */
export function patched<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  patch: Record<string, unknown>,
): z.infer<S> {
  const merged = { ...input };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  throw validationFailed(
    result.error.issues.map(
      (i): FieldError => ({ path: i.path.map(String).join("."), message: i.message }),
    ),
  );
}

/** Each field of `shape` made optional and nullable: a patch that can also remove a field. */
export function nullablePartial<S extends Record<string, z.ZodType>>(shape: S) {
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, field.nullable().optional()]),
  ) as { [K in keyof S]: z.ZodOptional<z.ZodNullable<S[K]>> };
}
