import { inArray } from "drizzle-orm";
import { chunks } from "../db/chunks";
import type { Db } from "../db/client";
import { categories, variants } from "../db/schema";
import { type FieldError, validationFailed } from "../errors";
import type { MarketSet } from "../markets/market";

export interface TargetDeps {
  orm: Db;
  kv: KVNamespace;
  set: MarketSet;
}

/**
 * Refuses (400) a rule naming a market, a sku or a category that does not exist: a typo would
 * otherwise make a promotion that silently never applies.
 */
export async function checkTargets(
  { orm, set }: TargetDeps,
  input: {
    markets?: string[] | undefined;
    skus?: string[] | undefined;
    categories?: string[] | undefined;
  },
): Promise<void> {
  const errors: FieldError[] = [];
  const unknownMarkets = (input.markets ?? []).filter((m) => !set.markets.some((x) => x.id === m));
  if (unknownMarkets.length > 0) {
    errors.push({ path: "markets", message: `no market ${unknownMarkets.join(", ")}` });
  }
  const [skuRows, categoryRows] = await Promise.all([
    Promise.all(
      chunks(input.skus ?? []).map((part) =>
        orm.select({ key: variants.sku }).from(variants).where(inArray(variants.sku, part)),
      ),
    ).then((parts) => parts.flat()),
    input.categories
      ? orm
          .select({ key: categories.slug })
          .from(categories)
          .where(inArray(categories.slug, input.categories))
      : [],
  ]);
  const missing = (asked: string[] | undefined, rows: { key: string }[]) =>
    (asked ?? []).filter((k) => !rows.some((r) => r.key === k));
  const skus = missing(input.skus, skuRows);
  if (skus.length > 0) errors.push({ path: "skus", message: `no sku ${skus.join(", ")}` });
  const cats = missing(input.categories, categoryRows);
  if (cats.length > 0)
    errors.push({ path: "categories", message: `no category ${cats.join(", ")}` });
  if (errors.length > 0) throw validationFailed(errors);
}
