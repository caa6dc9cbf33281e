import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { requestHash } from "../../src/checkout/request-hash";
import { checkIdempotencyKey } from "../../src/checkout/request-rules";
import { readConfig } from "../../src/config";
import { AppError, notFound, validationFailed } from "../../src/errors";
import { recordShipment, type ShipmentInput } from "../../src/fulfillment/shipments";
import { findOrder } from "../../src/orders/read";
import { eachSkuOnce, ShipmentLineSchema, ShipmentSchema } from "../../src/schemas/orders";
import { verifySignature } from "../../src/signature";
import { deliverEmailsSoon } from "../emails/deliver";
import {
  jsonBody,
  jsonContent,
  openApiApp,
  problem,
  problems,
  requiredIdempotencyKey,
} from "../openapi";
import { fieldErrors } from "../validation";

const security = [{ adminToken: [] }];
const OrderIdParams = z.object({ id: z.string().min(1).max(100) });

const ParcelSchema = z.object({
  lines: z
    .array(ShipmentLineSchema)
    .min(1)
    .max(100)
    .refine(eachSkuOnce, "each sku once")
    .optional(),
  carrier: z.string().trim().min(1).max(100).optional(),
  trackingNumber: z.string().trim().min(1).max(100).optional(),
  trackingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

const ShipmentRequestSchema = ParcelSchema.meta({ id: "ShipmentRequest" });

const WarehouseShipmentSchema = z
  .strictObject({
    orderId: z.string().min(1).max(100),
    shipmentId: z.string().min(1).max(200),
    ...ParcelSchema.shape,
  })
  .meta({ id: "WarehouseShipment" });

const parcelOf = (body: z.infer<typeof ParcelSchema>): Omit<ShipmentInput, "key" | "source"> => ({
  ...(body.lines ? { lines: body.lines } : {}),
  carrier: body.carrier ?? null,
  trackingNumber: body.trackingNumber ?? null,
  trackingUrl: body.trackingUrl ?? null,
});

const SHIPPING_CONFLICTS = problem(
  "`conflict`: the order does not ship now (not paid, shipped in full, refunded in full), or a line would ship more units than are left",
);

const createShipmentRoute = createRoute({
  method: "post",
  path: "/orders/{id}/shipments",
  tags: ["Admin"],
  security,
  request: {
    params: OrderIdParams,
    headers: requiredIdempotencyKey,
    body: jsonBody(ShipmentRequestSchema),
  },
  responses: {
    201: jsonContent(
      ShipmentSchema,
      "The shipment (header `idempotent-replayed: true` on a replay)",
    ),
    ...problems(401, 403, 404),
    400: problem("`validation_failed` (a sku not of this order), `idempotency_key_missing`"),
    409: SHIPPING_CONFLICTS,
    422: problem("`idempotency_key_reused`: the key was used with another shipment"),
  },
});

const listShipmentsRoute = createRoute({
  method: "get",
  path: "/orders/{id}/shipments",
  tags: ["Admin"],
  security,
  request: { params: OrderIdParams },
  responses: {
    200: jsonContent(z.object({ items: z.array(ShipmentSchema) }), "The shipments"),
    ...problems(401, 403, 404),
  },
});

export const adminShipmentRoutes = openApiApp()
  .openapi(createShipmentRoute, async (c) => {
    const { id } = c.req.valid("param");
    const key = checkIdempotencyKey(c.req.header("idempotency-key"));
    const body = c.req.valid("json");
    const { shipment, created } = await recordShipment(c.env.DB, id, {
      key: `admin:${key}`,
      requestHash: await requestHash(body),
      source: "merchant",
      ...parcelOf(body),
    });
    deliverEmailsSoon(c);
    if (!created) c.header("idempotent-replayed", "true");
    return c.json(shipment, 201);
  })
  .openapi(listShipmentsRoute, async (c) => {
    const order = await findOrder(c.env.DB, c.req.valid("param").id);
    if (!order) throw notFound("Order");
    return c.json({ items: order.shipments }, 200);
  });

const warehouseRoute = createRoute({
  method: "post",
  path: "/fulfillment/shipments",
  tags: ["Webhooks"],
  responses: {
    200: jsonContent(ShipmentSchema, "Recorded before: the same shipment"),
    201: jsonContent(ShipmentSchema, "Recorded: the order's status and the shopper's email follow"),
    400: problem(
      "`invalid_signature`: missing, wrong or older than 5 minutes; `validation_failed`",
    ),
    404: problem(
      "`not_found`: no such order, or the endpoint is off (no FULFILLMENT_WEBHOOK_SECRET)",
    ),
    409: SHIPPING_CONFLICTS,
    422: problem(
      "`idempotency_key_reused`: this `shipmentId` was confirmed before with another body",
    ),
  },
});

export const warehouseRoutes = openApiApp().openapi(warehouseRoute, async (c) => {
  const secret = readConfig(c.env).fulfillmentWebhookSecret;
  if (!secret) throw notFound("Endpoint");
  const raw = await c.req.text();
  if (!(await verifySignature(secret, c.req.header("webhook-signature"), raw))) {
    throw new AppError(
      "invalid_signature",
      "The webhook-signature header does not sign this body.",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError("invalid_json", "The body is not JSON.");
  }
  const parsed = WarehouseShipmentSchema.safeParse(json);
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
  const { orderId, shipmentId, ...parcel } = parsed.data;
  const { shipment, created } = await recordShipment(c.env.DB, orderId, {
    key: `warehouse:${shipmentId}`,
    requestHash: await requestHash(parsed.data),
    source: "warehouse",
    ...parcelOf(parcel),
  });
  deliverEmailsSoon(c);
  return c.json(shipment, created ? 201 : 200);
});
