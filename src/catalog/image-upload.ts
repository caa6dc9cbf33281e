import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { sqlNow } from "../db/client";
import { products } from "../db/schema";
import { AppError, notFound } from "../errors";
import { isSlug } from "../schemas/common";
import { sha256Hex } from "../sha256-hex";
import { bumpCatalogVersion } from "./cache";
import { IMAGE_TYPES, sniffImageType } from "./image-type";

/** The largest product picture a merchant may upload: 5 MiB. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** `<sha256 hex>.<ext>`: an uploaded image's file name, the same in its R2 key and its URL. */
export const IMAGE_FILE_NAME = /^[0-9a-f]{64}\.(png|jpg|webp)$/;

/** Where an image file lives in the IMAGES bucket, and the URL the Worker serves it at. */
export const imageKey = (file: string) => `products/${file}`;
export const imageUrl = (file: string) => `/images/${file}`;

export interface ImageUploadDeps {
  db: Db;
  kv: KVNamespace;
  bucket: R2Bucket;
}

/**
 * Stores a product's picture in R2 under its content hash (the same bytes always get the same
 * key, so the URL can be cached for ever) and makes it the product's image. The type is read from
 * the bytes themselves. Answers the new image URL.
 */
export async function setProductImage(
  deps: ImageUploadDeps,
  slug: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<string> {
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new AppError("payload_too_large", "The image is larger than 5 MiB.");
  }
  const ext = sniffImageType(bytes);
  if (!ext) {
    throw new AppError("unsupported_image_type", "The image must be a PNG, JPEG or WebP file.");
  }
  const product = isSlug(slug)
    ? await deps.db.query.products.findFirst({
        columns: { seq: true },
        where: and(eq(products.slug, slug), eq(products.status, "active")),
      })
    : undefined;
  if (!product) throw notFound("Product");

  const hash = await sha256Hex(bytes);
  const file = `${hash}.${ext}`;
  // R2 checks the bytes it stored against the hash: a key never holds other content than its name says.
  await deps.bucket.put(imageKey(file), bytes, {
    sha256: hash,
    httpMetadata: { contentType: IMAGE_TYPES[ext] },
  });
  await deps.db
    .update(products)
    .set({
      imageUrl: imageUrl(file),
      updatedAt: sqlNow,
    })
    .where(eq(products.seq, product.seq));
  await bumpCatalogVersion(deps.kv);
  return imageUrl(file);
}
