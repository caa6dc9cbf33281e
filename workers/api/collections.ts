import { createRoute } from "@hono/zod-openapi";
import { etag } from "hono/etag";
import * as z from "zod";
import { collectionPage, listCollections } from "../../src/catalog/collections";
import { notFound } from "../../src/errors";
import { ProductSummarySchema } from "../../src/schemas/catalog";
import { CollectionSchema, CollectionSortSchema } from "../../src/schemas/collections";
import { catalogDeps } from "../deps";
import { requestPriceList } from "../market";
import { jsonContent, openApiApp, problems } from "../openapi";

/** A page of a collection is 24 products; the cursor is where the next starts. */
export const COLLECTION_PAGE_SIZE = 24;

const listCollectionsRoute = createRoute({
  method: "get",
  path: "/collections",
  tags: ["Catalog"],
  responses: {
    200: jsonContent(
      z.object({ items: z.array(CollectionSchema) }),
      "Every collection, the home page's first",
    ),
  },
});

const getCollectionRoute = createRoute({
  method: "get",
  path: "/collections/{slug}",
  tags: ["Catalog"],
  request: {
    params: z.object({ slug: z.string().min(1).max(200) }),
    query: z.object({
      sort: CollectionSortSchema.optional(),
      cursor: z
        .string()
        .regex(/^\d{1,4}$/)
        .optional(),
      limit: z.coerce.number().int().min(1).max(100).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({
        collection: CollectionSchema,
        sort: CollectionSortSchema,
        items: z.array(ProductSummarySchema),
        nextCursor: z.string().nullable(),
      }),
      "The collection and a page of its products",
    ),
    ...problems(400, 404),
  },
});

const api = openApiApp();
api.use("/collections", etag());
api.use("/collections/*", etag());

export const collectionRoutes = api
  .openapi(listCollectionsRoute, async (c) => {
    c.header("cache-control", "public, max-age=0, must-revalidate");
    return c.json({ items: await listCollections(catalogDeps(c)) }, 200);
  })
  .openapi(getCollectionRoute, async (c) => {
    const { sort, cursor, limit } = c.req.valid("query");
    const page = await collectionPage(
      catalogDeps(c),
      await requestPriceList(c),
      c.req.valid("param").slug,
      {
        sort,
        offset: Number(cursor ?? 0),
        limit: limit ?? COLLECTION_PAGE_SIZE,
      },
    );
    if (!page) throw notFound("Collection");
    c.header("cache-control", "public, max-age=0, must-revalidate");
    return c.json(
      {
        collection: page.collection,
        sort: page.sort,
        items: page.items,
        nextCursor: page.next === null ? null : String(page.next),
      },
      200,
    );
  });
