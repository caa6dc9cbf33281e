import type { Db } from "../db/client";
import { AppError } from "../errors";
import { sha256Hex } from "../sha256-hex";
import { decodeImage } from "./image-decode";
import { IMAGE_TYPES } from "./image-type";

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
 * Stores a picture in R2 under its content hash (the same bytes always get the same key, so the
 * URL can be cached for ever), once it is known to be a whole PNG, JPEG or WebP file: its format
 * and size come from the bytes themselves. Answers its file name and size.
 */
export async function storeImage(bucket: R2Bucket, bytes: Uint8Array<ArrayBuffer>) {
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new AppError("payload_too_large", "The image is larger than 5 MiB.");
  }
  const image = decodeImage(bytes);
  if (!image) {
    throw new AppError(
      "unsupported_image_type",
      "The image must be a whole PNG, JPEG or WebP file (this one is another kind, or broken).",
    );
  }
  const hash = await sha256Hex(bytes);
  const file = `${hash}.${image.ext}`;
  // R2 checks the bytes it stored against the hash: a key never holds other content than its name says.
  await bucket.put(imageKey(file), bytes, {
    sha256: hash,
    httpMetadata: { contentType: IMAGE_TYPES[image.ext] },
  });
  return { file, width: image.width, height: image.height };
}
