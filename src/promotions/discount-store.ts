import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { uniqueViolation } from "../db/client";
import { discounts } from "../db/promotion-schema";
import { AppError, notFound } from "../errors";
import {
  DISCOUNT_INPUT_KEYS,
  type Discount,
  type DiscountPatch,
  type NewDiscount,
  NewDiscountSchema,
} from "../schemas/discounts";
import { inputOf, patched } from "./patch";
import { checkTargets, type TargetDeps } from "./targets";

/** Codes compare case-insensitively: `SUMMER20` and `summer20` are one code. */
export const codeKeyOf = (code: string) => code.trim().toLowerCase();

export type DiscountDefinition = Omit<Discount, "used" | "held">;

const columnsOf = (input: NewDiscount) => ({
  kind: input.kind,
  value: input.value ?? null,
  currency: input.currency ?? null,
  usageLimit: input.usageLimit ?? null,
  perCustomerLimit: input.perCustomerLimit ?? null,
  startsAt: input.startsAt ?? null,
  endsAt: input.endsAt ?? null,
  minSubtotal: input.minSubtotal ?? null,
  markets: input.markets ?? null,
  skus: input.skus ?? null,
  categories: input.categories ?? null,
});

/** Creates a code; one that exists (in any case) is 409 `conflict`. */
export async function createDiscount(deps: TargetDeps, input: NewDiscount): Promise<void> {
  await checkTargets(deps, input);
  try {
    await deps.orm
      .insert(discounts)
      .values({ codeKey: codeKeyOf(input.code), code: input.code, ...columnsOf(input) });
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError("conflict", `The code ${input.code} exists.`);
    throw err;
  }
}

/** A code's definition, by the code in any case. */
export async function findDiscount(db: Db, code: string): Promise<DiscountDefinition | null> {
  const row = await db.query.discounts.findFirst({ where: eq(discounts.codeKey, codeKeyOf(code)) });
  if (!row) return null;
  const { codeKey: _, ...definition } = row;
  return definition;
}

/** The newest codes first, at most `limit`. */
export async function listDiscounts(db: Db, limit = 50): Promise<DiscountDefinition[]> {
  const rows = await db.query.discounts.findMany({
    orderBy: (d, { desc }) => [desc(d.createdAt)],
    limit,
  });
  return rows.map(({ codeKey: _, ...definition }) => definition);
}

/**
 * Changes a code's fields or status; the result is checked as a new code would be. The limits
 * reach the code's authority with the next hold. An ended code stays ended (409 `conflict`).
 */
export async function patchDiscount(deps: TargetDeps, code: string, patch: DiscountPatch) {
  const existing = await findDiscount(deps.orm, code);
  if (!existing) throw notFound("Discount");
  const { status, ...fields } = patch;
  if (Object.values(fields).some((v) => v !== undefined)) {
    if (existing.status === "ended") {
      throw new AppError("conflict", `The code ${existing.code} has ended.`);
    }
    const input = patched(NewDiscountSchema, inputOf(existing, DISCOUNT_INPUT_KEYS), fields);
    await checkTargets(deps, input);
    await deps.orm
      .update(discounts)
      .set(columnsOf(input))
      .where(eq(discounts.codeKey, codeKeyOf(code)));
  }
  if (status) await setDiscountStatus(deps.orm, code, status);
}

/** Pauses, resumes or ends a code (409 `conflict` for an ended one: it stays ended; 404 for none). */
export async function setDiscountStatus(
  db: Db,
  code: string,
  status: DiscountDefinition["status"],
): Promise<void> {
  const updated = await db
    .update(discounts)
    .set({ status })
    .where(and(eq(discounts.codeKey, codeKeyOf(code)), ne(discounts.status, "ended")))
    .returning({ code: discounts.code });
  if (updated.length > 0) return;
  const existing = await findDiscount(db, code);
  if (!existing) throw notFound("Discount");
  if (status !== "ended") throw new AppError("conflict", `The code ${existing.code} has ended.`);
}
