import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type Db, sqlNow, uniqueViolation } from "../db/client";
import { collectionProducts, collections, productTags } from "../db/collection-schema";
import { products } from "../db/schema";
import { AppError, notFound, validationFailed } from "../errors";
import type { CollectionPatch, NewCollection } from "../schemas/collections";
import { bumpCatalogVersion } from "./cache";

interface Deps {
  db: Db;
  kv: KVNamespace;
}

/** The products of `slugs`, in that order; a slug of no listed product is a 400 at `products`. */
async function productSeqs(db: Db, slugs: string[]): Promise<number[]> {
  if (slugs.length === 0) return [];
  const rows = await db
    .select({ seq: products.seq, slug: products.slug })
    .from(products)
    .where(and(inArray(products.slug, slugs), eq(products.status, "active")));
  const bySlug = new Map(rows.map((r) => [r.slug, r.seq]));
  const unknown = slugs.filter((s) => !bySlug.has(s));
  if (unknown.length > 0) {
    throw validationFailed([
      { path: "products", message: `No listed product: ${unknown.join(", ")}.` },
    ]);
  }
  return [...new Set(slugs)].map((s) => bySlug.get(s) as number);
}

const memberRows = (collectionSeq: number, seqs: number[]) =>
  seqs.map((productSeq, position) => ({ collectionSeq, productSeq, position }));

/** Creates a collection (a manual one with its products in order). */
export async function createCollection(deps: Deps, input: NewCollection) {
  const { db } = deps;
  const seqs = await productSeqs(db, input.products ?? []);
  try {
    const [row] = await db
      .insert(collections)
      .values({
        slug: input.slug,
        title: input.title,
        description: input.description ?? "",
        kind: input.kind,
        rule: input.kind === "rule" ? (input.rule ?? {}) : {},
        sort: input.sort ?? (input.kind === "manual" ? "manual" : "newest"),
        featured: input.featured ?? null,
      })
      .returning({ seq: collections.seq });
    if (row && seqs.length > 0)
      await db.insert(collectionProducts).values(memberRows(row.seq, seqs));
  } catch (err) {
    if (uniqueViolation(err))
      throw new AppError("conflict", `A collection is already at "${input.slug}".`);
    throw err;
  }
  await bumpCatalogVersion(deps.kv);
}

async function collectionSeq(db: Db, slug: string) {
  const row = await db.query.collections.findFirst({
    columns: { seq: true, kind: true },
    where: eq(collections.slug, slug),
  });
  if (!row) throw notFound("Collection");
  return row;
}

/** Changes a collection; `products` replaces a manual collection's products and their order. */
export async function updateCollection(deps: Deps, slug: string, patch: CollectionPatch) {
  const { db } = deps;
  const found = await collectionSeq(db, slug);
  if (patch.products !== undefined && found.kind !== "manual") {
    throw validationFailed([
      { path: "products", message: "A rule-based collection holds what its rule matches." },
    ]);
  }
  if (patch.rule !== undefined && found.kind !== "rule") {
    throw validationFailed([
      { path: "rule", message: "A manual collection holds the products it is given." },
    ]);
  }
  const seqs = patch.products === undefined ? null : await productSeqs(db, patch.products);
  const { products: _, ...fields } = patch;
  const statements: BatchItem<"sqlite">[] = [];
  if (seqs) {
    statements.push(
      db.delete(collectionProducts).where(eq(collectionProducts.collectionSeq, found.seq)),
    );
    if (seqs.length > 0)
      statements.push(db.insert(collectionProducts).values(memberRows(found.seq, seqs)));
  }
  await db.batch([
    db
      .update(collections)
      .set({ ...fields, updatedAt: sqlNow })
      .where(eq(collections.seq, found.seq)),
    ...statements,
  ]);
  await bumpCatalogVersion(deps.kv);
}

export async function deleteCollection(deps: Deps, slug: string) {
  const { db } = deps;
  const found = await collectionSeq(db, slug);
  await db.batch([
    db.delete(collectionProducts).where(eq(collectionProducts.collectionSeq, found.seq)),
    db.delete(collections).where(eq(collections.seq, found.seq)),
  ]);
  await bumpCatalogVersion(deps.kv);
}

/** Sets an active product's tags (what rule-based collections match). */
export async function setProductTags(deps: Deps, slug: string, tags: string[]) {
  const { db } = deps;
  const product = await db.query.products.findFirst({
    columns: { seq: true },
    where: and(eq(products.slug, slug), eq(products.status, "active")),
  });
  if (!product) throw notFound("Product");
  const unique = [...new Set(tags)];
  await db.batch([
    db.delete(productTags).where(eq(productTags.productSeq, product.seq)),
    ...unique.map((tag) => db.insert(productTags).values({ productSeq: product.seq, tag })),
  ]);
  await bumpCatalogVersion(deps.kv);
  return unique;
}
