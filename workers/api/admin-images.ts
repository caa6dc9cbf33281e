import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { addPicture, removePicture, updatePicture } from "../../src/catalog/gallery";
import { MAX_IMAGE_BYTES } from "../../src/catalog/image-upload";
import { ProductImageSchema } from "../../src/schemas/catalog";
import { SkuSchema } from "../../src/schemas/common";
import { imageUploadDeps } from "../deps";
import { IMAGE_MEDIA_TYPES } from "../middleware/image-body";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const slugParam = z.object({ slug: z.string().min(1).max(200) });
const pictureParams = slugParam.extend({ id: z.coerce.number().int().min(1) });
const imageBytes = { schema: { type: "string" as const, format: "binary" } };
const AltSchema = z.string().max(300);
const SkusSchema = z.array(SkuSchema).max(50);

const addPictureRoute = createRoute({
  method: "post",
  path: "/products/{slug}/images",
  tags: ["Admin"],
  security,
  request: {
    params: slugParam,
    query: z.object({
      alt: AltSchema.optional(),
      /** Comma-separated: the variants the picture shows. */
      skus: z.string().max(4000).optional(),
    }),
    body: {
      required: true,
      content: Object.fromEntries(IMAGE_MEDIA_TYPES.map((type) => [type, imageBytes])),
    },
  },
  responses: {
    201: jsonContent(ProductImageSchema, "The picture, last in the product's gallery"),
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: the product has 20 pictures"),
    413: problem(`Image over 5 MiB, ${MAX_IMAGE_BYTES} bytes (\`payload_too_large\`)`),
    415: problem(
      "Body labelled as another media type (`unsupported_media_type`), or bytes that are not a whole PNG, JPEG or WebP picture (`unsupported_image_type`)",
    ),
  },
});

const updatePictureRoute = createRoute({
  method: "patch",
  path: "/products/{slug}/images/{id}",
  tags: ["Admin"],
  security,
  request: {
    params: pictureParams,
    body: jsonBody(
      z
        .strictObject({
          alt: AltSchema.optional(),
          skus: SkusSchema.optional(),
          position: z.number().int().min(0).max(100).optional(),
        })
        .meta({ id: "ProductImagePatch" }),
    ),
  },
  responses: {
    200: jsonContent(ProductImageSchema, "The picture as it now is"),
    ...problems(400, 401, 403, 404),
  },
});

const removePictureRoute = createRoute({
  method: "delete",
  path: "/products/{slug}/images/{id}",
  tags: ["Admin"],
  security,
  request: { params: pictureParams },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404) },
});

/** The list of skus in `?skus=A,B`. */
const skusOf = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

export const adminImageRoutes = openApiApp()
  .openapi(addPictureRoute, async (c) => {
    const { slug } = c.req.valid("param");
    const { alt, skus } = c.req.valid("query");
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const picture = await addPicture(imageUploadDeps(c.env), slug, bytes, {
      alt,
      skus: skusOf(skus),
    });
    return c.json(picture, 201);
  })
  .openapi(updatePictureRoute, async (c) => {
    const { slug, id } = c.req.valid("param");
    return c.json(await updatePicture(imageUploadDeps(c.env), slug, id, c.req.valid("json")), 200);
  })
  .openapi(removePictureRoute, async (c) => {
    const { slug, id } = c.req.valid("param");
    await removePicture(imageUploadDeps(c.env), slug, id);
    return c.body(null, 204);
  });
