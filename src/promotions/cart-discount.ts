import { AppError } from "../errors";
import { hasUseLeft } from "./authority";
import type { DiscountDefinition } from "./discount-store";

/**
 * Why a code cannot go on the cart as it was just priced with it: it does not apply after the
 * automatic promotions (`codeError`, 422, from the pricing), or its authority counts no use left
 * (409); null when it can.
 */
export async function discountRefusal(
  definition: DiscountDefinition,
  codeError: AppError | null,
  counts: () => Promise<{ used: number; held: number }>,
): Promise<AppError | null> {
  if (codeError) return codeError;
  if (hasUseLeft(definition.usageLimit, await counts())) return null;
  return new AppError("discount_used_up", `The code ${definition.code} has no use left.`, [
    { path: "code", message: "no use left" },
  ]);
}
