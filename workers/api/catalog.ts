import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { etag } from "hono/etag";
import * as z from "zod";
import { setBounded } from "../../src/bounded-map";
import { getProduct, listCategories, listProducts } from "../../src/catalog/read";
import { notFound, validationFailed } from "../../src/errors";
import { inventoryStub } from "../../src/inventory";
import {
  CategorySchema,
  optionFilters,
  ProductListQuerySchema,
  ProductSchema,
  ProductSummarySchema,
} from "../../src/schemas/catalog";
import { isSku, listOf } from "../../src/schemas/common";
import { AvailabilitySchema } from "../../src/schemas/inventory";
import { digestHex } from "../../src/sha256-hex";
import type { AppEnv } from "../app-env";
import { catalogDeps } from "../deps";
import { requestPriceList } from "../market";
import { jsonContent, openApiApp, problems } from "../openapi";

/**
 * Shared caches may store catalog responses but must revalidate every time: admin changes are
 * visible on the next read, and the etag makes revalidation a cheap 304.
 */
const CATALOG_CACHE_CONTROL = "public, max-age=0, must-revalidate";

/** The etags of catalog bodies this isolate sent lately, by body: the hot ones repeat. */
const etags = new Map<string, string>();
const MAX_ETAGS = 500;

/**
 * A catalog answer with its etag: the SHA-1 of the body, as hono's etag middleware would make it
 * (which then only answers `if-none-match`), but hashed from the string rather than from a clone
 * of the response's stream, which cost a read its tenth.
 */
async function taggedJson<T>(c: Context<AppEnv>, value: T) {
  const body = JSON.stringify(value);
  let tag = etags.get(body);
  if (!tag) {
    tag = `"${await digestHex("SHA-1", body)}"`;
    setBounded(etags, body, tag, MAX_ETAGS);
  }
  c.header("etag", tag);
  c.header("cache-control", CATALOG_CACHE_CONTROL);
  c.header("content-type", "application/json");
  return c.body(body, 200) as unknown as ReturnType<typeof c.json<T, 200>>;
}

const listProductsRoute = createRoute({
  method: "get",
  path: "/products",
  tags: ["Catalog"],
  request: { query: ProductListQuerySchema },
  responses: {
    200: jsonContent(listOf(ProductSummarySchema), "A page of product summaries"),
    ...problems(400),
  },
});

const getProductRoute = createRoute({
  method: "get",
  path: "/products/{slug}",
  tags: ["Catalog"],
  request: { params: z.object({ slug: z.string().min(1).max(200) }) },
  responses: {
    200: jsonContent(ProductSchema, "The product"),
    304: { description: "Not modified (matching `if-none-match`)" },
    ...problems(400, 404),
  },
});

const listCategoriesRoute = createRoute({
  method: "get",
  path: "/categories",
  tags: ["Catalog"],
  responses: {
    200: jsonContent(z.object({ items: z.array(CategorySchema) }), "All categories"),
  },
});

const getAvailabilityRoute = createRoute({
  method: "get",
  path: "/inventory/{sku}",
  tags: ["Catalog"],
  request: { params: z.object({ sku: z.string().min(1).max(200) }) },
  responses: {
    200: jsonContent(AvailabilitySchema, "Units available now"),
    ...problems(400, 404),
  },
});

const catalogApi = openApiApp();

catalogApi.use("/products", etag());
catalogApi.use("/products/*", etag());
catalogApi.use("/categories", etag());

export const catalogRoutes = catalogApi
  .openapi(listProductsRoute, async (c) => {
    const query = c.req.valid("query");
    const options = optionFilters(c.req.query());
    if (!options) {
      throw validationFailed([
        {
          path: "option",
          message: "At most three option.<name>=<value>, each a name and a value.",
        },
      ]);
    }
    const list = await requestPriceList(c);
    return taggedJson(c, await listProducts(catalogDeps(c), list, { ...query, options }));
  })
  .openapi(getProductRoute, async (c) => {
    const product = await getProduct(
      catalogDeps(c),
      await requestPriceList(c),
      c.req.valid("param").slug,
    );
    if (!product) throw notFound("Product");
    return taggedJson(c, product);
  })
  .openapi(listCategoriesRoute, async (c) => {
    return taggedJson(c, { items: await listCategories(catalogDeps(c)) });
  })
  .openapi(getAvailabilityRoute, async (c) => {
    const { sku } = c.req.valid("param");
    if (!isSku(sku)) throw notFound("Sku");
    const result = await inventoryStub(c.env.INVENTORY, sku).level();
    if (!result.ok) throw notFound("Sku");
    c.header("cache-control", "no-store");
    return c.json({ sku, available: result.level.available }, 200);
  });
