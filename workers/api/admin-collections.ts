import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import {
  createCollection,
  deleteCollection,
  setProductTags,
  updateCollection,
} from "../../src/catalog/collection-write";
import { createDb } from "../../src/db/client";
import {
  CollectionPatchSchema,
  NewCollectionSchema,
  TagSchema,
} from "../../src/schemas/collections";
import { jsonBody, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const slugParam = z.object({ slug: z.string().min(1).max(200) });
const deps = (env: Env) => ({ db: createDb(env.DB), kv: env.CATALOG_CACHE });

const createCollectionRoute = createRoute({
  method: "post",
  path: "/collections",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(NewCollectionSchema) },
  responses: {
    201: { description: "Created" },
    ...problems(400, 401, 403),
    409: problem("`conflict`: a collection has that slug"),
  },
});

const patchCollectionRoute = createRoute({
  method: "patch",
  path: "/collections/{slug}",
  tags: ["Admin"],
  security,
  request: { params: slugParam, body: jsonBody(CollectionPatchSchema) },
  responses: { 204: { description: "Changed" }, ...problems(400, 401, 403, 404) },
});

const deleteCollectionRoute = createRoute({
  method: "delete",
  path: "/collections/{slug}",
  tags: ["Admin"],
  security,
  request: { params: slugParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

const TagsSchema = z.strictObject({ tags: z.array(TagSchema).max(20) }).meta({ id: "ProductTags" });

const putTagsRoute = createRoute({
  method: "put",
  path: "/products/{slug}/tags",
  tags: ["Admin"],
  security,
  request: { params: slugParam, body: jsonBody(TagsSchema) },
  responses: {
    200: {
      description: "The product's tags",
      content: { "application/json": { schema: TagsSchema } },
    },
    ...problems(400, 401, 403, 404),
  },
});

export const adminCollectionRoutes = openApiApp()
  .openapi(createCollectionRoute, async (c) => {
    await createCollection(deps(c.env), c.req.valid("json"));
    return c.body(null, 201);
  })
  .openapi(patchCollectionRoute, async (c) => {
    await updateCollection(deps(c.env), c.req.valid("param").slug, c.req.valid("json"));
    return c.body(null, 204);
  })
  .openapi(deleteCollectionRoute, async (c) => {
    await deleteCollection(deps(c.env), c.req.valid("param").slug);
    return c.body(null, 204);
  })
  .openapi(putTagsRoute, async (c) => {
    const tags = await setProductTags(
      deps(c.env),
      c.req.valid("param").slug,
      c.req.valid("json").tags,
    );
    return c.json({ tags }, 200);
  });
