import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { requestHash } from "../../src/checkout/request-hash";
import { checkIdempotencyKey } from "../../src/checkout/request-rules";
import { RETURN_STATUSES } from "../../src/db/fulfillment-schema";
import { notFound } from "../../src/errors";
import { findOrder } from "../../src/orders/read";
import { findReturn, listReturns, returnsOfOrder } from "../../src/returns/read";
import { decideReturn, receiveReturn, requestReturn } from "../../src/returns/returns";
import { eachSkuOnce } from "../../src/schemas/orders";
import { returnDeps } from "../deps";
import { deliverEmailsSoon } from "../emails/deliver";
import {
  jsonBody,
  jsonContent,
  openApiApp,
  problem,
  problems,
  requiredIdempotencyKey,
} from "../openapi";

const LineSchema = z.object({
  sku: z.string().min(1).max(100),
  quantity: z.number().int().min(1).max(10_000),
});

export const ReturnSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    number: z.number().int(),
    status: z.enum(RETURN_STATUSES),
    lines: z.array(LineSchema),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    restock: z.boolean().nullable(),
    refundId: z.string().nullable(),
    settled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Return" });

const ReturnRequestSchema = z
  .object({
    lines: z.array(LineSchema).min(1).max(100).refine(eachSkuOnce, "each sku once"),
    reason: z.string().trim().max(500).optional(),
  })
  .meta({ id: "ReturnRequest" });

const idParam = z.object({ id: z.string().min(1).max(100) });
const list = jsonContent(z.object({ items: z.array(ReturnSchema) }), "Returns");

const requestRoute = createRoute({
  method: "post",
  path: "/orders/{id}/returns",
  tags: ["Orders"],
  security: [{ shopperToken: [] }],
  request: {
    params: idParam,
    headers: requiredIdempotencyKey,
    body: jsonBody(ReturnRequestSchema),
  },
  responses: {
    201: jsonContent(ReturnSchema, "Requested (`idempotent-replayed: true` on a replay)"),
    ...problems(401, 404),
    400: problem(
      "`validation_failed` (a sku not shipped in this order), `idempotency_key_missing`",
    ),
    409: problem(
      "`conflict`: nothing shipped yet, the return window closed, or more units than can still be returned",
    ),
    422: problem("`idempotency_key_reused`: the key was used with another return"),
  },
});

const ordersReturnsRoute = createRoute({
  method: "get",
  path: "/orders/{id}/returns",
  tags: ["Orders"],
  security: [{ shopperToken: [] }],
  request: { params: idParam },
  responses: { 200: list, ...problems(401, 404) },
});

export const returnRoutes = openApiApp()
  .openapi(requestRoute, async (c) => {
    const { id } = c.req.valid("param");
    const key = checkIdempotencyKey(c.req.header("idempotency-key"));
    const order = await findOrder(c.env.DB, id, c.get("shopper").id);
    if (!order) throw notFound("Order");
    const body = c.req.valid("json");
    const { lines, reason } = body;
    const { ret, created } = await requestReturn(returnDeps(c.env), order.id, {
      key: `shopper:${key}`,
      requestHash: await requestHash(body),
      lines,
      reason: reason || null,
    });
    deliverEmailsSoon(c);
    if (!created) c.header("idempotent-replayed", "true");
    return c.json(ret, 201);
  })
  .openapi(ordersReturnsRoute, async (c) => {
    const order = await findOrder(c.env.DB, c.req.valid("param").id, c.get("shopper").id);
    if (!order) throw notFound("Order");
    return c.json({ items: await returnsOfOrder(c.env.DB, order.id) }, 200);
  });

const security = [{ adminToken: [] }];
const step = <B extends z.ZodType>(path: string, body: B) =>
  createRoute({
    method: "post",
    path: `/returns/{id}/${path}`,
    tags: ["Admin"],
    security,
    request: { params: idParam, body: jsonBody(body) },
    responses: {
      200: jsonContent(ReturnSchema, "The return after this step (the same again: no change)"),
      ...problems(400, 401, 403, 404),
      409: problem("`conflict`: the return is not at the step before this one"),
    },
  });

const NoteSchema = z.object({ note: z.string().trim().max(500).optional() });
const approveRoute = step("approve", NoteSchema);
const refuseRoute = step("refuse", NoteSchema);
const receiveRoute = step("receive", z.object({ restock: z.boolean() }));

const adminListRoute = createRoute({
  method: "get",
  path: "/returns",
  tags: ["Admin"],
  security,
  request: { query: z.object({ status: z.enum(RETURN_STATUSES).optional() }) },
  responses: { 200: list, ...problems(400, 401, 403) },
});

const adminOrderReturnsRoute = createRoute({
  method: "get",
  path: "/orders/{id}/returns",
  tags: ["Admin"],
  security,
  request: { params: idParam },
  responses: { 200: list, ...problems(401, 403, 404) },
});

export const adminReturnRoutes = openApiApp()
  .openapi(adminListRoute, async (c) =>
    c.json({ items: await listReturns(c.env.DB, c.req.valid("query").status) }, 200),
  )
  .openapi(adminOrderReturnsRoute, async (c) => {
    const order = await findOrder(c.env.DB, c.req.valid("param").id);
    if (!order) throw notFound("Order");
    return c.json({ items: await returnsOfOrder(c.env.DB, order.id) }, 200);
  })
  .openapi(approveRoute, async (c) => {
    const { note } = c.req.valid("json");
    const ret = await decideReturn(c.env.DB, c.req.valid("param").id, "approved", note || null);
    deliverEmailsSoon(c);
    return c.json(ret, 200);
  })
  .openapi(refuseRoute, async (c) => {
    const { note } = c.req.valid("json");
    const ret = await decideReturn(c.env.DB, c.req.valid("param").id, "refused", note || null);
    deliverEmailsSoon(c);
    return c.json(ret, 200);
  })
  .openapi(receiveRoute, async (c) => {
    const { restock } = c.req.valid("json");
    const id = c.req.valid("param").id;
    await findReturn(c.env.DB, id);
    const ret = await receiveReturn(returnDeps(c.env), id, restock);
    deliverEmailsSoon(c);
    return c.json(ret, 200);
  });
