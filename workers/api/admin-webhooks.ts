import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as z from "zod";
import { readConfig } from "../../src/config";
import { WEBHOOK_EVENT_TYPES } from "../../src/db/webhook-schema";
import { validationFailed } from "../../src/errors";
import { findDelivery, listDeliveries, markForResend } from "../../src/webhooks/deliveries";
import {
  createEndpoint,
  deleteEndpoint,
  endpointUrlProblem,
  findEndpoint,
  listEndpoints,
  updateEndpoint,
} from "../../src/webhooks/endpoints";
import type { AppEnv } from "../app-env";
import { noteBefore } from "../middleware/audit-scope";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";
import { deliverWebhooks } from "../webhooks/outbound";

const security = [{ adminToken: [] }];
const tags = ["Admin webhooks"];

const EventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

const EndpointRequestSchema = z
  .object({
    url: z.string().max(2000),
    events: z.array(EventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length),
    description: z.string().trim().max(200).nullable().optional(),
  })
  .meta({ id: "WebhookEndpointRequest" });

const EndpointPatchSchema = EndpointRequestSchema.partial()
  .extend({
    enabled: z.boolean().optional(),
  })
  .meta({ id: "WebhookEndpointPatch" });

const EndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(EventTypeSchema),
    description: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: "WebhookEndpoint" });

const CreatedEndpointSchema = EndpointSchema.extend({
  secret: z.string(),
}).meta({ id: "CreatedWebhookEndpoint" });

const DeliverySchema = z
  .object({
    id: z.number().int(),
    eventId: z.string(),
    type: EventTypeSchema,
    status: z.enum(["pending", "sending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: "WebhookDelivery" });

const IdParams = z.object({ id: z.string().min(1).max(100) });
const DeliveryParams = IdParams.extend({ delivery: z.coerce.number().int().min(1) });
const DeliveryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.coerce.number().int().min(1).optional(),
});

function checkUrl(c: Context<AppEnv>, url: string | undefined) {
  if (url === undefined) return;
  const wrong = endpointUrlProblem(url, readConfig(c.env).deployment === "local");
  if (wrong) throw validationFailed([{ path: "url", message: wrong }]);
}

const createRouteDef = createRoute({
  method: "post",
  path: "/webhooks",
  tags,
  security,
  request: { body: jsonBody(EndpointRequestSchema) },
  responses: {
    201: jsonContent(CreatedEndpointSchema, "Registered"),
    ...problems(400, 401, 403),
  },
});

const listRouteDef = createRoute({
  method: "get",
  path: "/webhooks",
  tags,
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(EndpointSchema) }), "Endpoints, oldest first"),
    ...problems(401, 403),
  },
});

const getRouteDef = createRoute({
  method: "get",
  path: "/webhooks/{id}",
  tags,
  security,
  request: { params: IdParams },
  responses: { 200: jsonContent(EndpointSchema, "The endpoint"), ...problems(401, 403, 404) },
});

const patchRouteDef = createRoute({
  method: "patch",
  path: "/webhooks/{id}",
  tags,
  security,
  request: { params: IdParams, body: jsonBody(EndpointPatchSchema) },
  responses: {
    200: jsonContent(EndpointSchema, "The endpoint"),
    ...problems(400, 401, 403, 404),
  },
});

const deleteRouteDef = createRoute({
  method: "delete",
  path: "/webhooks/{id}",
  tags,
  security,
  request: { params: IdParams },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404) },
});

const deliveriesRouteDef = createRoute({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  tags,
  security,
  request: { params: IdParams, query: DeliveryQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() }),
      "Deliveries",
    ),
    ...problems(400, 401, 403, 404),
  },
});

const resendRouteDef = createRoute({
  method: "post",
  path: "/webhooks/{id}/deliveries/{delivery}/resend",
  tags,
  security,
  request: { params: DeliveryParams },
  responses: {
    200: jsonContent(DeliverySchema, "The delivery after this attempt"),
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: a drain is sending it right now"),
  },
});

export const adminWebhookRoutes = openApiApp()
  .openapi(createRouteDef, async (c) => {
    const body = c.req.valid("json");
    checkUrl(c, body.url);
    return c.json(await createEndpoint(c.env.DB, body), 201);
  })
  .openapi(listRouteDef, async (c) => c.json({ items: await listEndpoints(c.env.DB) }, 200))
  .openapi(getRouteDef, async (c) =>
    c.json(await findEndpoint(c.env.DB, c.req.valid("param").id), 200),
  )
  .openapi(patchRouteDef, async (c) => {
    const patch = c.req.valid("json");
    checkUrl(c, patch.url);
    noteBefore(c, { ...(await findEndpoint(c.env.DB, c.req.valid("param").id)) });
    return c.json(await updateEndpoint(c.env.DB, c.req.valid("param").id, patch), 200);
  })
  .openapi(deleteRouteDef, async (c) => {
    await deleteEndpoint(c.env.DB, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(deliveriesRouteDef, async (c) => {
    const { id } = c.req.valid("param");
    await findEndpoint(c.env.DB, id);
    const { limit, cursor } = c.req.valid("query");
    return c.json(await listDeliveries(c.env.DB, id, { limit, before: cursor }), 200);
  })
  .openapi(resendRouteDef, async (c) => {
    const { id, delivery } = c.req.valid("param");
    await markForResend(c.env.DB, id, delivery);
    await deliverWebhooks(c.env);
    return c.json(await findDelivery(c.env.DB, id, delivery), 200);
  });
