import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as z from "zod";
import { addPicture } from "../../src/catalog/gallery";
import { MAX_IMAGE_BYTES } from "../../src/catalog/image-upload";
import { getProduct } from "../../src/catalog/read";
import { addVariant, removeVariant } from "../../src/catalog/variants";
import { archiveProduct, createProducts, patchProduct } from "../../src/catalog/write";
import { notFound } from "../../src/errors";
import {
  BulkProductsSchema,
  NewProductSchema,
  NewVariantSchema,
  ProductPatchSchema,
  ProductSchema,
} from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { catalogDeps, catalogWriteDeps, forgetCatalogVersion, imageUploadDeps } from "../deps";
import { defaultPriceList } from "../market";
import { noteBefore } from "../middleware/audit-scope";
import { IMAGE_MEDIA_TYPES } from "../middleware/image-body";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const slugParam = z.object({ slug: z.string().min(1).max(200) });

/** The product as shoppers now see it: the write bumped the catalog version, so this reads D1 and warms the cache. */
async function freshProduct(c: Context<AppEnv>, slug: string) {
  forgetCatalogVersion(c.req);
  const product = await getProduct(catalogDeps(c), await defaultPriceList(c), slug);
  if (!product) throw notFound("Product");
  return product;
}

const createProductRoute = createRoute({
  method: "post",
  path: "/products",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(NewProductSchema) },
  responses: {
    201: jsonContent(ProductSchema, "The created product"),
    ...problems(400, 401, 403, 409, 413),
  },
});

const bulkCreateRoute = createRoute({
  method: "post",
  path: "/products/bulk",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(BulkProductsSchema) },
  responses: {
    201: jsonContent(z.object({ created: z.number().int() }), "How many were created"),
    ...problems(400, 401, 403, 409, 413),
  },
});

const patchProductRoute = createRoute({
  method: "patch",
  path: "/products/{slug}",
  tags: ["Admin"],
  security,
  request: { params: slugParam, body: jsonBody(ProductPatchSchema) },
  responses: {
    200: jsonContent(ProductSchema, "The changed product"),
    ...problems(400, 401, 403, 404, 413),
  },
});

const archiveProductRoute = createRoute({
  method: "delete",
  path: "/products/{slug}",
  tags: ["Admin"],
  security,
  request: { params: slugParam },
  responses: { 204: { description: "Archived" }, ...problems(401, 403, 404) },
});

const addVariantRoute = createRoute({
  method: "post",
  path: "/products/{slug}/variants",
  tags: ["Admin"],
  security,
  request: { params: slugParam, body: jsonBody(NewVariantSchema) },
  responses: {
    201: jsonContent(ProductSchema, "The product with its new variant"),
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: the sku is taken, or the product has 50 variants"),
  },
});

const removeVariantRoute = createRoute({
  method: "delete",
  path: "/products/{slug}/variants/{sku}",
  tags: ["Admin"],
  security,
  request: { params: slugParam.extend({ sku: z.string().min(1).max(64) }) },
  responses: {
    204: { description: "Removed" },
    ...problems(401, 403, 404),
    409: problem("`conflict`: it is the product's only variant (archive the product instead)"),
  },
});

const imageBytes = { schema: { type: "string" as const, format: "binary" } };

const putImageRoute = createRoute({
  method: "put",
  path: "/products/{slug}/image",
  tags: ["Admin"],
  security,
  request: {
    params: slugParam,
    body: {
      required: true,
      content: Object.fromEntries(IMAGE_MEDIA_TYPES.map((type) => [type, imageBytes])),
    },
  },
  responses: {
    200: jsonContent(ProductSchema, "The product with its new image URL"),
    ...problems(401, 403, 404),
    413: problem(`Image over 5 MiB, ${MAX_IMAGE_BYTES} bytes (\`payload_too_large\`)`),
    415: problem(
      "Body labelled as another media type (`unsupported_media_type`), or bytes that are not a PNG, JPEG or WebP image (`unsupported_image_type`)",
    ),
  },
});

export const adminCatalogRoutes = openApiApp()
  .openapi(createProductRoute, async (c) => {
    const input = c.req.valid("json");
    await createProducts(catalogWriteDeps(c.env), [input]);
    return c.json(await freshProduct(c, input.slug), 201);
  })
  .openapi(bulkCreateRoute, async (c) => {
    const { products } = c.req.valid("json");
    await createProducts(catalogWriteDeps(c.env), products);
    return c.json({ created: products.length }, 201);
  })
  .openapi(patchProductRoute, async (c) => {
    const { slug } = c.req.valid("param");
    noteBefore(c, await freshProduct(c, slug));
    await patchProduct(catalogWriteDeps(c.env), slug, c.req.valid("json"));
    return c.json(await freshProduct(c, slug), 200);
  })
  .openapi(addVariantRoute, async (c) => {
    const { slug } = c.req.valid("param");
    await addVariant(catalogWriteDeps(c.env), slug, c.req.valid("json"));
    return c.json(await freshProduct(c, slug), 201);
  })
  .openapi(removeVariantRoute, async (c) => {
    const { slug, sku } = c.req.valid("param");
    await removeVariant(catalogWriteDeps(c.env), slug, sku);
    return c.body(null, 204);
  })
  .openapi(putImageRoute, async (c) => {
    const { slug } = c.req.valid("param");
    await addPicture(imageUploadDeps(c.env), slug, new Uint8Array(await c.req.arrayBuffer()), {
      main: true,
    });
    return c.json(await freshProduct(c, slug), 200);
  })
  .openapi(archiveProductRoute, async (c) => {
    await archiveProduct(catalogWriteDeps(c.env), c.req.valid("param").slug);
    return c.body(null, 204);
  });
