import { createMiddleware } from "hono/factory";
import { AppError } from "../../src/errors";

/** `application/json`, with no charset or `charset=utf-8` (any case, quoted or not). */
function isUtf8Json(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...params] = contentType.split(";").map((p) => p.trim().toLowerCase());
  if (type !== "application/json") return false;
  return params.every((p) => {
    const [name, value] = p.split("=").map((x) => x.trim());
    return name !== "charset" || value?.replace(/^"|"$/g, "") === "utf-8";
  });
}

/**
 * The API reads JSON in UTF-8 only: a request that carries a body of another media type, or JSON
 * in another charset, is refused with 415 before anything parses it.
 */
export const jsonBodiesOnly = createMiddleware(async (c, next) => {
  const hasBody = c.req.raw.body !== null && c.req.header("content-length") !== "0";
  if (hasBody && !isUtf8Json(c.req.header("content-type"))) {
    throw new AppError(
      "unsupported_media_type",
      "Send the request body as application/json in UTF-8.",
    );
  }
  await next();
});
