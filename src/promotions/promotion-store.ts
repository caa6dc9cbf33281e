import { eq, sql } from "drizzle-orm";
import { bumpCatalogVersion } from "../catalog/cache";
import type { Db } from "../db/client";
import { promotions } from "../db/promotion-schema";
import { AppError, notFound } from "../errors";
import { newId } from "../ids";
import {
  type NewPromotion,
  NewPromotionSchema,
  PROMOTION_INPUT_KEYS,
  type PromotionPatch,
} from "../schemas/promotions";
import { inputOf, patched } from "./patch";
import type { Promotion } from "./rule";
import { checkTargets, type TargetDeps } from "./targets";

/** A `promotions` row as D1 answers a raw query (the market set's batch reads it so). */
export interface PromotionRow {
  id: string;
  title: string;
  kind: Promotion["kind"];
  value: number | null;
  currency: string | null;
  buy_quantity: number | null;
  get_quantity: number | null;
  skus: string | null;
  categories: string | null;
  markets: string | null;
  min_subtotal: string | null;
  starts_at: string | null;
  ends_at: string | null;
  status: Promotion["status"];
  position: number;
  created_at: string;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export const promotionOfRow = (row: PromotionRow): Promotion => ({
  id: row.id,
  title: row.title,
  kind: row.kind,
  value: row.value,
  currency: row.currency,
  buyQuantity: row.buy_quantity,
  getQuantity: row.get_quantity,
  skus: json(row.skus),
  categories: json(row.categories),
  markets: json(row.markets),
  minSubtotal: json(row.min_subtotal),
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  status: row.status,
  position: row.position,
  createdAt: row.created_at,
});

const columnsOf = (input: NewPromotion) => ({
  title: input.title,
  kind: input.kind,
  value: input.value ?? null,
  currency: input.currency ?? null,
  buyQuantity: input.kind === "buy_x_get_y" ? (input.buyQuantity ?? 1) : null,
  getQuantity: input.kind === "buy_x_get_y" ? (input.getQuantity ?? 1) : null,
  skus: input.skus ?? null,
  categories: input.categories ?? null,
  markets: input.markets ?? null,
  minSubtotal: input.minSubtotal ?? null,
  startsAt: input.startsAt ?? null,
  endsAt: input.endsAt ?? null,
  position: input.position ?? 0,
});

/**
 * Automatic promotions are read with the market set, so every change bumps the catalog version:
 * the next cart view and checkout anywhere apply it.
 */
export async function createPromotion(deps: TargetDeps, input: NewPromotion): Promise<Promotion> {
  await checkTargets(deps, input);
  const id = newId("promo");
  await deps.orm.insert(promotions).values({ id, ...columnsOf(input) });
  await bumpCatalogVersion(deps.kv);
  const created = await findPromotion(deps.orm, id);
  if (!created) throw new Error("a promotion just written is gone");
  return created;
}

export async function findPromotion(db: Db, id: string): Promise<Promotion | null> {
  const row = await db.query.promotions.findFirst({ where: eq(promotions.id, id) });
  return row ?? null;
}

/** Every promotion, active first, then in the order they apply; at most `limit`. */
export async function listPromotions(db: Db, limit = 100): Promise<Promotion[]> {
  const rows = await db.query.promotions.findMany({
    orderBy: (p, { asc }) => [
      sql`CASE ${p.status} WHEN 'active' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END`,
      asc(p.position),
      asc(p.createdAt),
    ],
    limit,
  });
  return rows;
}

/**
 * Changes a promotion's fields or status; the result is checked as a new promotion would be. An
 * ended promotion stays ended (409 `conflict`).
 */
export async function patchPromotion(
  deps: TargetDeps,
  id: string,
  patch: PromotionPatch,
): Promise<Promotion> {
  const existing = await findPromotion(deps.orm, id);
  if (!existing) throw notFound("Promotion");
  if (existing.status === "ended") {
    throw new AppError("conflict", `The promotion ${existing.title} has ended.`);
  }
  const { status, ...fields } = patch;
  const input = patched(NewPromotionSchema, inputOf(existing, PROMOTION_INPUT_KEYS), fields);
  await checkTargets(deps, input);
  await deps.orm
    .update(promotions)
    .set({ ...columnsOf(input), ...(status ? { status } : {}) })
    .where(eq(promotions.id, id));
  await bumpCatalogVersion(deps.kv);
  return (await findPromotion(deps.orm, id)) ?? existing;
}
