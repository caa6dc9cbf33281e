import { createMiddleware } from "hono/factory";
import { AppError } from "../../src/errors";

/** What an image upload may be labelled as; the bytes themselves then decide what it is. */
export const IMAGE_MEDIA_TYPES = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "application/octet-stream",
];

/** Image uploads take the raw bytes of one picture: a body labelled as anything else is a 415. */
export const imageBodiesOnly = createMiddleware(async (c, next) => {
  const hasBody = c.req.raw.body !== null && c.req.header("content-length") !== "0";
  const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (hasBody && !(type && IMAGE_MEDIA_TYPES.includes(type))) {
    throw new AppError(
      "unsupported_media_type",
      `Send the image's bytes with content-type ${IMAGE_MEDIA_TYPES.join(", ")}.`,
    );
  }
  await next();
});
