import { and, asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { sqlNow } from "../db/client";
import { productImages } from "../db/image-schema";
import { products, variants } from "../db/schema";
import { AppError, notFound, validationFailed } from "../errors";
import { isSlug } from "../schemas/common";
import { bumpCatalogVersion } from "./cache";
import { type ImageUploadDeps, imageUrl, storeImage } from "./image-upload";

/**
 * The picture of variant `v` of product `p` (an SQL expression): its own first picture, else its
 * product's first, else the product's `image_url`, else the placeholder.
 */
export const SKU_PICTURE_SQL = `coalesce((SELECT '/images/' || i.file FROM product_images i WHERE i.product_seq = p.seq
    AND (i.skus = '[]' OR EXISTS (SELECT 1 FROM json_each(i.skus) j WHERE j.value = v.sku))
    ORDER BY i.skus = '[]', i.position LIMIT 1),
  p.image_url, '/images/products/' || p.slug || '.svg')`;

/** Each of `skus`' picture (see SKU_PICTURE_SQL), for those still in the catalog. */
export async function picturesOfSkus(db: D1Database, skus: readonly string[]) {
  if (skus.length === 0) return new Map<string, string>();
  const { results } = await db
    .prepare(
      `SELECT v.sku, ${SKU_PICTURE_SQL} AS url FROM variants v JOIN products p ON p.seq = v.product_seq
       WHERE v.sku IN (${skus.map((_, i) => `?${i + 1}`).join(",")})`,
    )
    .bind(...skus)
    .all<{ sku: string; url: string }>();
  return new Map(results.map((r) => [r.sku, r.url]));
}

/** A product has at most this many pictures. */
export const MAX_PICTURES = 20;

/** A picture as the API shows it. */
export interface GalleryImage {
  id: number;
  url: string;
  alt: string;
  width: number;
  height: number;
  /** The variants it shows; none: the whole product. */
  skus: string[];
}

export interface PictureInput {
  alt?: string | undefined;
  skus?: string[] | undefined;
}

type Row = typeof productImages.$inferSelect;

export const galleryImage = (
  row: Pick<Row, "id" | "file" | "alt" | "width" | "height" | "skus">,
) => ({
  id: row.id,
  url: imageUrl(row.file),
  alt: row.alt,
  width: row.width,
  height: row.height,
  skus: row.skus,
});

/** An active product's key, title and skus, and its pictures in order. */
async function productOf(deps: ImageUploadDeps, slug: string) {
  const product = isSlug(slug)
    ? await deps.db.query.products.findFirst({
        columns: { seq: true, title: true },
        where: and(eq(products.slug, slug), eq(products.status, "active")),
      })
    : undefined;
  if (!product) throw notFound("Product");
  const [skus, pictures] = await deps.db.batch([
    deps.db
      .select({ sku: variants.sku })
      .from(variants)
      .where(eq(variants.productSeq, product.seq)),
    deps.db
      .select()
      .from(productImages)
      .where(eq(productImages.productSeq, product.seq))
      .orderBy(asc(productImages.position), asc(productImages.id)),
  ]);
  return { ...product, skus: skus.map((v) => v.sku), pictures };
}

function checkSkus(known: string[], skus: string[] | undefined) {
  const unknown = (skus ?? []).filter((sku) => !known.includes(sku));
  if (unknown.length > 0) {
    throw validationFailed([
      { path: "skus", message: `Not a variant of this product: ${unknown.join(", ")}.` },
    ]);
  }
}

/** The statements that number `ordered` 0, 1, … and make the first one the product's `imageUrl`. */
function orderStatements(
  deps: ImageUploadDeps,
  seq: number,
  ordered: Pick<Row, "id" | "file">[],
): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  const { db } = deps;
  return [
    db
      .update(products)
      .set({ imageUrl: ordered[0] ? imageUrl(ordered[0].file) : null, updatedAt: sqlNow })
      .where(eq(products.seq, seq)),
    ...ordered.map((p, position) =>
      db.update(productImages).set({ position }).where(eq(productImages.id, p.id)),
    ),
  ];
}

/**
 * Adds a picture to an active product's gallery, last, with its alt text (the product's title
 * unless given) and the variants it shows; or, with `main`, in place of its first picture. The
 * bytes must be a whole picture (see storeImage). The first picture is the product's `imageUrl`.
 */
export async function addPicture(
  deps: ImageUploadDeps,
  slug: string,
  bytes: Uint8Array<ArrayBuffer>,
  input: PictureInput & { main?: boolean } = {},
): Promise<GalleryImage> {
  const product = await productOf(deps, slug);
  checkSkus(product.skus, input.skus);
  const [replaced, ...rest] = product.pictures;
  if (!input.main && product.pictures.length >= MAX_PICTURES) {
    throw new AppError(
      "conflict",
      `A product has at most ${MAX_PICTURES} pictures: remove one first.`,
    );
  }
  const stored = await storeImage(deps.bucket, bytes);
  const [row] = await deps.db
    .insert(productImages)
    .values({
      productSeq: product.seq,
      ...stored,
      alt: input.alt?.trim() || product.title,
      skus: input.skus ?? [],
      position: input.main ? -1 : product.pictures.length,
    })
    .returning();
  if (!row) throw new Error("the picture was not stored");
  const { db } = deps;
  if (input.main && replaced) {
    await db.batch([
      db.delete(productImages).where(eq(productImages.id, replaced.id)),
      ...orderStatements(deps, product.seq, [row, ...rest]),
    ]);
  } else {
    await db.batch(orderStatements(deps, product.seq, [...product.pictures, row]));
  }
  await bumpCatalogVersion(deps.kv);
  return galleryImage(row);
}

/** Changes a picture's alt text, its variants or its place in the gallery (0 is the first). */
export async function updatePicture(
  deps: ImageUploadDeps,
  slug: string,
  id: number,
  input: PictureInput & { position?: number | undefined },
): Promise<GalleryImage> {
  const product = await productOf(deps, slug);
  const picture = product.pictures.find((p) => p.id === id);
  if (!picture) throw notFound("Picture");
  checkSkus(product.skus, input.skus);
  const others = product.pictures.filter((p) => p.id !== id);
  const at = Math.min(input.position ?? product.pictures.indexOf(picture), others.length);
  const ordered = [...others.slice(0, at), picture, ...others.slice(at)];
  const changes = {
    ...(input.alt !== undefined ? { alt: input.alt.trim() || product.title } : {}),
    ...(input.skus !== undefined ? { skus: input.skus } : {}),
  };
  const { db } = deps;
  await db.batch([
    db.update(productImages).set(changes).where(eq(productImages.id, id)),
    ...orderStatements(deps, product.seq, ordered),
  ]);
  await bumpCatalogVersion(deps.kv);
  return galleryImage({ ...picture, ...changes });
}

/** Takes a picture out of a product's gallery (its file stays: other products may share it). */
export async function removePicture(deps: ImageUploadDeps, slug: string, id: number) {
  const product = await productOf(deps, slug);
  if (!product.pictures.some((p) => p.id === id)) throw notFound("Picture");
  const { db } = deps;
  await db.batch([
    db
      .delete(productImages)
      .where(and(eq(productImages.id, id), eq(productImages.productSeq, product.seq))),
    ...orderStatements(
      deps,
      product.seq,
      product.pictures.filter((p) => p.id !== id),
    ),
  ]);
  await bumpCatalogVersion(deps.kv);
}
