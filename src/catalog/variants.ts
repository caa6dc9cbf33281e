import { and, eq, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type Db, sqlNow, uniqueViolation } from "../db/client";
import { prices } from "../db/market-schema";
import { products, variants } from "../db/schema";
import { AppError, type FieldError, notFound, validationFailed } from "../errors";
import { checkMarketPrices, newPriceStatements } from "../markets/prices";
import type { NewVariant, ProductOption, ProductPatch } from "../schemas/catalog";
import { forgetAvailability } from "./availability";
import { bumpCatalogVersion } from "./cache";
import { optionErrors, orderedOptions, type VariantOptions } from "./options";
import type { CatalogWriteDeps } from "./write";

/** A variant's row, at `position` among its product's. */
export const variantRow = (
  productSeq: SQL | number,
  v: NewVariant & { options: VariantOptions; position: number },
) => ({
  productSeq,
  sku: v.sku,
  title: v.title,
  priceAmount: v.price.amount,
  position: v.position,
  taxClass: v.giftCard ? ("zero" as const) : (v.taxClass ?? "standard"),
  giftCard: v.giftCard ?? false,
  options: v.options,
});

/** An active product's key, its options and its variants (sku, options) in their order. */
export async function productShape(db: Db, slug: string) {
  const product = await db.query.products.findFirst({
    columns: { seq: true, options: true },
    where: and(eq(products.slug, slug), eq(products.status, "active")),
  });
  if (!product) throw notFound("Product");
  const rows = await db
    .select({ sku: variants.sku, options: variants.options, position: variants.position })
    .from(variants)
    .where(eq(variants.productSeq, product.seq))
    .orderBy(variants.position);
  return { ...product, variants: rows };
}

type Shape = Awaited<ReturnType<typeof productShape>>;

/**
 * The options part of a product's patch: new axes (`options`) and variants' new values, checked
 * against the product as it will be: every variant one combination of the axes. A variant the
 * patch leaves alone that the new axes no longer fit is named in the error.
 */
export function patchedOptions(
  db: Db,
  shape: Shape,
  patch: ProductPatch,
): { errors: FieldError[]; statements: BatchItem<"sqlite">[] } {
  const changes = new Map(
    (patch.variants ?? []).flatMap((v, i) =>
      v.options ? [[v.sku, { i, options: v.options }]] : [],
    ),
  );
  if (patch.options === undefined && changes.size === 0) return { errors: [], statements: [] };
  const options = patch.options ?? shape.options;
  const after = shape.variants.map((v) => ({
    sku: v.sku,
    options: changes.get(v.sku)?.options ?? v.options,
  }));
  const errors = optionErrors(options, after).map((e): FieldError => {
    const index = Number(/^variants\.(\d+)/.exec(e.path)?.[1]);
    const sku = after[index]?.sku ?? "";
    const change = changes.get(sku);
    return change
      ? { path: e.path.replace(/^variants\.\d+/, `variants.${change.i}`), message: e.message }
      : { path: "options", message: `Variant ${sku}: ${e.message}` };
  });
  const statements: BatchItem<"sqlite">[] = [];
  if (patch.options !== undefined) {
    statements.push(db.update(products).set({ options }).where(eq(products.seq, shape.seq)));
  }
  const changed = after
    .map((v) => ({ sku: v.sku, options: orderedOptions(options, v.options) }))
    .filter((v, i) => JSON.stringify(v.options) !== JSON.stringify(shape.variants[i]?.options));
  const where = (sku: string) => and(eq(variants.sku, sku), eq(variants.productSeq, shape.seq));
  // Cleared first (`{}` is outside the unique index), so that two variants may swap combinations.
  for (const v of changed)
    statements.push(db.update(variants).set({ options: {} }).where(where(v.sku)));
  for (const v of changed)
    statements.push(db.update(variants).set({ options: v.options }).where(where(v.sku)));
  return { errors, statements };
}

/** Adds a variant to an active product: one more combination of its options, with its stock. */
export async function addVariant(
  deps: CatalogWriteDeps,
  slug: string,
  input: NewVariant,
): Promise<void> {
  const { db } = deps;
  const shape = await productShape(db, slug);
  const set = await deps.markets();
  const options: ProductOption[] = shape.options;
  const errors = [
    ...(input.price.currency === deps.currency
      ? []
      : [{ path: "price.currency", message: `Must be ${deps.currency}.` }]),
    ...checkMarketPrices(set, input.prices ?? [], "prices"),
    ...optionErrors(options, [...shape.variants, input])
      .filter((e) => e.path.startsWith(`variants.${shape.variants.length}.`))
      .map((e) => ({ ...e, path: e.path.replace(/^variants\.\d+\./, "") })),
  ];
  if (errors.length > 0) throw validationFailed(errors);
  if (shape.variants.length >= 50) {
    throw new AppError("conflict", "A product has at most 50 variants.");
  }
  const taken = await db.query.variants.findFirst({
    columns: { sku: true },
    where: eq(variants.sku, input.sku),
  });
  if (taken) throw new AppError("conflict", `Already in the catalog: sku "${input.sku}".`);
  const position = Math.max(-1, ...shape.variants.map((v) => v.position)) + 1;
  // Two adds at once: the unique indexes (sku; product and combination) refuse the second.
  await conflictOnUnique(
    db.batch([
      db.insert(variants).values(
        variantRow(shape.seq, {
          ...input,
          options: orderedOptions(options, input.options ?? {}),
          position,
        }),
      ),
      ...newPriceStatements(db, [input]),
      db.update(products).set({ updatedAt: sqlNow }).where(eq(products.seq, shape.seq)),
    ]),
  );
  await deps.setStock(input.sku, input.stock ?? 0);
  forgetAvailability([input.sku]);
  await bumpCatalogVersion(deps.kv);
}

/** A write that two requests raced for: the loser's unique violation is a 409, not a 500. */
export async function conflictOnUnique<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    const column = uniqueViolation(err);
    if (column === "variants.sku") throw new AppError("conflict", "That sku is taken.");
    if (column) throw new AppError("conflict", "Another variant has these options.");
    throw err;
  }
}

/**
 * Removes a variant from an active product: no longer listed or sellable (a cart holding it
 * drops the line at its next view); orders keep their own copy of the line. The last variant
 * stays: archive the product instead.
 */
export async function removeVariant(deps: CatalogWriteDeps, slug: string, sku: string) {
  const { db } = deps;
  const shape = await productShape(db, slug);
  if (!shape.variants.some((v) => v.sku === sku)) throw notFound("Variant");
  if (shape.variants.length === 1) {
    throw new AppError("conflict", "This is the product's only variant: archive the product.");
  }
  // The count is checked in the DELETE itself, so two removals at once never take the last one;
  // the prices go only with the row.
  const [removed] = await db.batch([
    db
      .delete(variants)
      .where(
        and(
          eq(variants.sku, sku),
          eq(variants.productSeq, shape.seq),
          sql`(SELECT count(*) FROM ${variants} WHERE ${variants.productSeq} = ${shape.seq}) > 1`,
        ),
      )
      .returning({ sku: variants.sku }),
    db
      .delete(prices)
      .where(
        and(
          eq(prices.sku, sku),
          sql`NOT EXISTS (SELECT 1 FROM ${variants} WHERE ${variants.sku} = ${sku})`,
        ),
      ),
    db.update(products).set({ updatedAt: sqlNow }).where(eq(products.seq, shape.seq)),
  ]);
  if (removed.length === 0) {
    throw new AppError("conflict", "This is the product's only variant: archive the product.");
  }
  forgetAvailability([sku]);
  await bumpCatalogVersion(deps.kv);
}
