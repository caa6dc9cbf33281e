import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { uniqueViolation } from "../db/client";
import { discounts } from "../db/promotion-schema";
import { AppError, notFound, validationFailed } from "../errors";
import type { MarketSet } from "../markets/market";
import type { Discount, NewDiscount } from "../schemas/discounts";

/** Codes compare case-insensitively: `SUMMER20` and `summer20` are one code. */
export const codeKeyOf = (code: string) => code.trim().toLowerCase();

export type DiscountDefinition = Omit<Discount, "used" | "held">;

/** Creates a code; one that exists (in any case) is 409 `conflict`. */
export async function createDiscount(db: Db, set: MarketSet, input: NewDiscount): Promise<void> {
  const unknown = (input.markets ?? []).filter((m) => !set.markets.some((x) => x.id === m));
  if (unknown.length > 0) {
    throw validationFailed([{ path: "markets", message: `no market ${unknown.join(", ")}` }]);
  }
  try {
    await db.insert(discounts).values({
      codeKey: codeKeyOf(input.code),
      code: input.code,
      kind: input.kind,
      value: input.value ?? null,
      currency: input.currency ?? null,
      usageLimit: input.usageLimit ?? null,
      perCustomerLimit: input.perCustomerLimit ?? null,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      minSubtotal: input.minSubtotal ?? null,
      markets: input.markets ?? null,
    });
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
