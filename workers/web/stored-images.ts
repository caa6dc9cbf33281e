import { Hono } from "hono";
import { IMAGE_FILE_NAME, imageKey } from "../../src/catalog/image-upload";
import { notFound } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { problem } from "../problem";

/** A file's name is the hash of its bytes: whatever is at a URL never changes. */
const IMMUTABLE = "public, max-age=31536000, immutable";

const hasBody = (object: R2Object): object is R2ObjectBody => "body" in object;

/**
 * Uploaded product pictures, from R2. A conditional request is answered by R2 itself: a matching
 * If-None-Match gets the object's metadata without its body, and so a 304.
 */
export const storedImages = new Hono<AppEnv>().get("/images/:file", async (c) => {
  const file = c.req.param("file");
  const object = IMAGE_FILE_NAME.test(file)
    ? await c.env.IMAGES.get(imageKey(file), { onlyIf: c.req.raw.headers })
    : null;
  if (!object) return problem(c, notFound("Image"));
  const headers = new Headers({
    etag: object.httpEtag,
    "cache-control": IMMUTABLE,
    "x-content-type-options": "nosniff",
  });
  object.writeHttpMetadata(headers);
  return hasBody(object)
    ? c.body(object.body, 200, Object.fromEntries(headers))
    : c.body(null, 304, Object.fromEntries(headers));
});
