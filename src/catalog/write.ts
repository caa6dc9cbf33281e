import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { chunks } from "../db/chunks";
import { type Db, sqlNow, uniqueViolation } from "../db/client";
import { categories, products, variants } from "../db/schema";
import { AppError, type FieldError, notFound, validationFailed } from "../errors";
import { newId } from "../ids";
import type { MarketSet } from "../markets/market";
import { checkMarketPrices, marketPriceStatements, newPriceStatements } from "../markets/prices";
import type { NewProduct, ProductPatch } from "../schemas/catalog";
import { forgetAvailability } from "./availability";
import { bumpCatalogVersion } from "./cache";
import { optionErrors, orderedOptions } from "./options";
import { conflictOnUnique, patchedOptions, productShape, variantRow } from "./variants";

export interface CatalogWriteDeps {
  db: Db;
  kv: KVNamespace;
  currency: string;
  /** The markets as D1 has them now, to check prices in other markets against. */
  markets: () => Promise<MarketSet>;
  /** Sets a sku's units on hand in its InventoryObject. */
  setStock: (sku: string, onHand: number) => Promise<unknown>;
}

const VARIANT_ROWS_PER_INSERT = 11;

export const categoryNameFromSlug = (slug: string) =>
  slug
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");

function checkCurrency(
  list: { price?: { currency: string } | undefined }[],
  currency: string,
  prefix: string,
): FieldError[] {
  return list.flatMap((v, i) =>
    v.price && v.price.currency !== currency
      ? [{ path: `${prefix}variants.${i}.price.currency`, message: `must be ${currency}` }]
      : [],
  );
}

function upsertCategory(db: Db, slug: string, name: string | undefined) {
  return db
    .insert(categories)
    .values({ slug, name: name ?? categoryNameFromSlug(slug) })
    .onConflictDoNothing();
}

const categoryIdOf = (slug: string) =>
  sql`(SELECT ${categories.id} FROM ${categories} WHERE ${categories.slug} = ${slug})`;

/**
 * Creates products with their variants in one D1 batch (all or nothing), then sets each
 * variant's stock in its InventoryObject, then bumps the catalog version.
 */
export async function createProducts(deps: CatalogWriteDeps, input: NewProduct[]): Promise<void> {
  const { db } = deps;
  const multi = input.length > 1;
  const set = await deps.markets();
  const fieldErrors = input.flatMap((p, i) => {
    const prefix = multi ? `products.${i}.` : "";
    return [
      ...checkCurrency(p.variants, deps.currency, prefix),
      ...p.variants.flatMap((v, j) =>
        checkMarketPrices(set, v.prices ?? [], `${prefix}variants.${j}.prices`),
      ),
      ...optionErrors(p.options ?? [], p.variants, prefix),
    ];
  });
  if (fieldErrors.length > 0) throw validationFailed(fieldErrors);
  const slugs = input.map((p) => p.slug);
  const skus = input.flatMap((p) => p.variants.map((v) => v.sku));
  if (new Set(slugs).size !== slugs.length || new Set(skus).size !== skus.length) {
    throw new AppError("conflict", "The same slug or sku appears twice in the request.");
  }
  await assertFree(db, slugs, skus);

  const statements: BatchItem<"sqlite">[] = [];
  for (const p of input) {
    const id = newId("prd");
    statements.push(upsertCategory(db, p.category, p.categoryName));
    statements.push(
      db.insert(products).values({
        id,
        slug: p.slug,
        title: p.title,
        description: p.description,
        categoryId: categoryIdOf(p.category),
        imageUrl: p.imageUrl ?? null,
        options: p.options ?? [],
      }),
    );
    const rows = p.variants.map((v, position) =>
      variantRow(sql`(SELECT ${products.seq} FROM ${products} WHERE ${products.id} = ${id})`, {
        ...v,
        options: orderedOptions(p.options ?? [], v.options ?? {}),
        position,
      }),
    );
    // Nine bound values a row (the product id too): keep each insert under D1's limit of 100.
    for (const part of chunks(rows, VARIANT_ROWS_PER_INSERT)) {
      statements.push(db.insert(variants).values(part));
    }
    statements.push(...newPriceStatements(db, p.variants));
  }
  try {
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (err) {
    const column = uniqueViolation(err);
    if (column)
      throw new AppError("conflict", `A product with this ${column.split(".")[1]} exists.`);
    throw err;
  }

  const stockWrites = input.flatMap((p) =>
    p.variants.map((v) => deps.setStock(v.sku, v.stock ?? 0)),
  );
  await Promise.all(stockWrites);
  forgetAvailability(skus);
  await bumpCatalogVersion(deps.kv);
}

async function assertFree(db: Db, slugs: string[], skus: string[]): Promise<void> {
  const slugQueries = chunks(slugs).map((part) =>
    db.select({ taken: products.slug }).from(products).where(inArray(products.slug, part)),
  );
  const skuQueries = chunks(skus).map((part) =>
    db.select({ taken: variants.sku }).from(variants).where(inArray(variants.sku, part)),
  );
  const results = await db.batch([...slugQueries, ...skuQueries] as [
    (typeof slugQueries)[number],
    ...(typeof slugQueries)[number][],
  ]);
  const taken = results.flatMap((rows, i) =>
    rows.map((r) => (i < slugQueries.length ? `slug "${r.taken}"` : `sku "${r.taken}"`)),
  );
  if (taken.length > 0) {
    throw new AppError("conflict", `Already in the catalog: ${taken.join(", ")}.`);
  }
}

/** Applies a partial change to an active product and its variants in one batch. */
export async function patchProduct(
  deps: CatalogWriteDeps,
  slug: string,
  patch: ProductPatch,
): Promise<void> {
  const { db } = deps;
  const product = await productShape(db, slug);
  const variantPatches = patch.variants ?? [];
  const set = await deps.markets();
  const fieldErrors = [
    ...checkCurrency(variantPatches, deps.currency, ""),
    ...variantPatches.flatMap((v, i) =>
      checkMarketPrices(set, v.prices ?? [], `variants.${i}.prices`),
    ),
  ];
  const ownSkus = new Set(product.variants.map((r) => r.sku));
  variantPatches.forEach((v, i) => {
    if (!ownSkus.has(v.sku)) {
      fieldErrors.push({ path: `variants.${i}.sku`, message: "not a variant of this product" });
    }
  });
  const options = patchedOptions(db, product, patch);
  fieldErrors.push(...options.errors);
  if (fieldErrors.length > 0) throw validationFailed(fieldErrors);

  const statements: BatchItem<"sqlite">[] = [];
  if (patch.category) statements.push(upsertCategory(db, patch.category, patch.categoryName));
  statements.push(
    db
      .update(products)
      .set({
        title: patch.title,
        description: patch.description,
        imageUrl: patch.imageUrl,
        categoryId: patch.category ? categoryIdOf(patch.category) : undefined,
        updatedAt: sqlNow,
      })
      .where(eq(products.seq, product.seq)),
  );
  for (const v of variantPatches) {
    statements.push(...marketPriceStatements(db, v.sku, v.prices ?? []));
    if (v.title === undefined && v.price === undefined && v.taxClass === undefined) continue;
    statements.push(
      db
        .update(variants)
        .set({ title: v.title, priceAmount: v.price?.amount, taxClass: v.taxClass })
        .where(and(eq(variants.sku, v.sku), eq(variants.productSeq, product.seq))),
    );
  }
  statements.push(...options.statements);
  await conflictOnUnique(db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]));
  await bumpCatalogVersion(deps.kv);
}

/** Archives an active product: unlisted, its page gone, its skus no longer sellable. */
export async function archiveProduct(deps: CatalogWriteDeps, slug: string): Promise<void> {
  const archived = await deps.db
    .update(products)
    .set({ status: "archived", updatedAt: sqlNow })
    .where(and(eq(products.slug, slug), eq(products.status, "active")))
    .returning({ seq: products.seq });
  if (archived.length === 0) throw notFound("Product");
  await bumpCatalogVersion(deps.kv);
}

/** Whether a sku belongs to any product, archived ones included. */
export async function skuExists(db: Db, sku: string): Promise<boolean> {
  const row = await db.query.variants.findFirst({
    columns: { sku: true },
    where: eq(variants.sku, sku),
  });
  return row !== undefined;
}

/** Records how many stock shards a sku's checkouts route over (after its objects exist). */
export async function recordStockShards(db: D1Database, sku: string, shards: number) {
  await db.prepare("UPDATE variants SET stock_shards = ? WHERE sku = ?").bind(shards, sku).run();
}
