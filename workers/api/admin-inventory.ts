import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { forgetAvailability } from "../../src/catalog/availability";
import { recordStockShards, skuExists } from "../../src/catalog/write";
import { checkIdempotencyKey } from "../../src/checkout/request-rules";
import { createDb } from "../../src/db/client";
import { AppError, conflict, notFound } from "../../src/errors";
import { inventoryStub, MAX_STOCK_SHARDS } from "../../src/inventory";
import { isSku } from "../../src/schemas/common";
import { SetStockSchema, StockLevelSchema } from "../../src/schemas/inventory";
import { noteBefore } from "../middleware/audit-scope";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const skuParam = z.object({ sku: z.string().min(1).max(200) });

/** A value that cannot be a sku names none: 404 before any stock object is addressed. */
function knownShape(sku: string): string {
  if (!isSku(sku)) throw notFound("Sku");
  return sku;
}

const AdjustStockSchema = z
  .strictObject({ delta: z.number().int().min(-1_000_000_000).max(1_000_000_000) })
  .meta({ id: "AdjustStock" });

const StockShardsSchema = z
  .strictObject({
    count: z.number().int().min(1).max(MAX_STOCK_SHARDS),
  })
  .meta({ id: "StockShards" });

const StockShardsViewSchema = z
  .object({ sku: z.string(), shards: z.number().int() })
  .meta({ id: "StockShardsView" });

const setShardsRoute = createRoute({
  method: "put",
  path: "/inventory/{sku}/shards",
  tags: ["Admin"],
  security,
  request: { params: skuParam, body: jsonBody(StockShardsSchema) },
  responses: {
    200: jsonContent(StockShardsViewSchema, "The sku's shard count now"),
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: fewer shards than the sku has (the count only grows)"),
  },
});

const setStockRoute = createRoute({
  method: "put",
  path: "/inventory/{sku}",
  tags: ["Admin"],
  security,
  request: { params: skuParam, body: jsonBody(SetStockSchema) },
  responses: {
    200: jsonContent(StockLevelSchema, "The new stock level"),
    ...problems(400, 401, 403, 404),
  },
});

const adjustStockRoute = createRoute({
  method: "post",
  path: "/inventory/{sku}/adjustments",
  tags: ["Admin"],
  security,
  request: {
    params: skuParam,
    headers: z.object({
      "idempotency-key": z.string().optional(),
    }),
    body: jsonBody(AdjustStockSchema),
  },
  responses: {
    200: jsonContent(StockLevelSchema, "The new stock level"),
    ...problems(400, 401, 403, 404),
    422: problem("`idempotency_key_reused`: the key was used with another delta"),
  },
});

const getStockRoute = createRoute({
  method: "get",
  path: "/inventory/{sku}",
  tags: ["Admin"],
  security,
  request: { params: skuParam },
  responses: {
    200: jsonContent(StockLevelSchema, "The stock level"),
    ...problems(401, 403, 404),
  },
});

export const adminInventoryRoutes = openApiApp()
  .openapi(setStockRoute, async (c) => {
    const sku = knownShape(c.req.valid("param").sku);
    if (!(await skuExists(createDb(c.env.DB), sku))) throw notFound("Sku");
    const stock = inventoryStub(c.env.INVENTORY, sku);
    const before = await stock.level();
    noteBefore(c, { onHand: before.ok ? before.level.onHand : null });
    const level = await stock.setOnHand(sku, c.req.valid("json").onHand);
    forgetAvailability([sku]);
    return c.json(level, 200);
  })
  .openapi(adjustStockRoute, async (c) => {
    const sku = knownShape(c.req.valid("param").sku);
    // Optional here: without a key, the adjustment gets one of its own (applied once, as sent).
    const key = c.req.valid("header")["idempotency-key"];
    const result = await inventoryStub(c.env.INVENTORY, sku).adjustOnHand(
      c.req.valid("json").delta,
      key === undefined ? crypto.randomUUID() : checkIdempotencyKey(key),
    );
    if (!result.ok && result.reason === "key_reused") {
      throw new AppError(
        "idempotency_key_reused",
        "This Idempotency-Key was used with another delta; nothing was changed.",
      );
    }
    if (!result.ok) throw notFound("Sku");
    forgetAvailability([sku]);
    return c.json(result.level, 200);
  })
  .openapi(setShardsRoute, async (c) => {
    const sku = knownShape(c.req.valid("param").sku);
    const { count } = c.req.valid("json");
    const result = await inventoryStub(c.env.INVENTORY, sku).configureShards(count);
    if (!result.ok && result.reason === "unknown_sku") throw notFound("Sku");
    if (!result.ok) {
      throw conflict(`The sku has ${result.shards} shards; their number only grows.`);
    }
    // Checkouts route by this count: every shard exists before it is written.
    await recordStockShards(c.env.DB, sku, result.shards);
    return c.json({ sku, shards: result.shards }, 200);
  })
  .openapi(getStockRoute, async (c) => {
    const result = await inventoryStub(
      c.env.INVENTORY,
      knownShape(c.req.valid("param").sku),
    ).level();
    if (!result.ok) throw notFound("Sku");
    return c.json(result.level, 200);
  });
