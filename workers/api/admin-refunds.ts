import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { requestHash } from "../../src/checkout/request-hash";
import { checkIdempotencyKey } from "../../src/checkout/request-rules";
import { REFUND_SOURCES, REFUND_STATUSES } from "../../src/db/refund-schema";
import { notFound } from "../../src/errors";
import { money } from "../../src/money";
import { findOrder } from "../../src/orders/read";
import { ledgerOf, type RefundRow } from "../../src/refunds/ledger";
import { refundPart } from "../../src/refunds/refund";
import { MoneySchema } from "../../src/schemas/common";
import { refundDeps } from "../deps";
import { deliverEmailsSoon } from "../emails/deliver";
import {
  jsonBody,
  jsonContent,
  openApiApp,
  problem,
  problems,
  requiredIdempotencyKey,
} from "../openapi";

const security = [{ adminToken: [] }];

const RefundLineSchema = z.object({
  sku: z.string().min(1).max(100),
  quantity: z.number().int().min(1).max(10_000),
});

export const RefundRequestSchema = z
  .object({
    amount: MoneySchema.optional(),
    reason: z.string().trim().max(500).optional(),
    lines: z.array(RefundLineSchema).min(1).max(100).optional(),
  })
  .refine((r) => r.amount !== undefined || r.lines !== undefined, {
    message: "give an amount, lines, or both",
    path: ["amount"],
  })
  .refine((r) => r.amount === undefined || r.amount.amount > 0, {
    message: "must be more than zero",
    path: ["amount", "amount"],
  })
  .meta({ id: "RefundRequest" });

export const RefundSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    amount: MoneySchema,
    toCard: MoneySchema,
    toGiftCard: MoneySchema,
    status: z.enum(REFUND_STATUSES),
    asked: MoneySchema.nullable(),
    failure: z.string().nullable(),
    source: z.enum(REFUND_SOURCES),
    lines: z.array(RefundLineSchema),
    reason: z.string().nullable(),
    providerRefundId: z.string().nullable(),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
  })
  .meta({ id: "Refund" });

export const refundView = (r: RefundRow, currency: string): z.infer<typeof RefundSchema> => ({
  id: r.id,
  orderId: r.order_id,
  amount: money(r.amount, currency),
  toCard: money(r.card_amount, currency),
  toGiftCard: money(r.gift_card_amount, currency),
  status: r.status,
  asked: r.asked === null ? null : money(r.asked, currency),
  failure: r.failure,
  source: r.source,
  lines: JSON.parse(r.lines),
  reason: r.reason,
  providerRefundId: r.provider_refund_id,
  createdAt: r.created_at,
  settledAt: r.settled_at,
});

const OrderIdParams = z.object({ id: z.string().min(1).max(100) });

const createRefundRoute = createRoute({
  method: "post",
  path: "/orders/{id}/refunds",
  tags: ["Admin"],
  security,
  request: {
    params: OrderIdParams,
    headers: requiredIdempotencyKey,
    body: jsonBody(RefundRequestSchema),
  },
  responses: {
    201: jsonContent(RefundSchema, "The refund (header `idempotent-replayed: true` on a replay)"),
    ...problems(401, 403, 404, 503),
    400: problem("`validation_failed`, `idempotency_key_missing`"),
    409: problem(
      "`refund_exceeds_captured`: refunds would add up to more than was captured (or nothing is left); `refund_refused`: the payment provider refused it for good (the ledger keeps it, `failed`); `conflict`: the order took no payment, or a line is a gift card bought",
    ),
    422: problem("`idempotency_key_reused`: the key was used with another refund"),
  },
});

const listRefundsRoute = createRoute({
  method: "get",
  path: "/orders/{id}/refunds",
  tags: ["Admin"],
  security,
  request: { params: OrderIdParams },
  responses: {
    200: jsonContent(z.object({ items: z.array(RefundSchema) }), "The ledger"),
    ...problems(401, 403, 404),
  },
});

export const adminRefundRoutes = openApiApp()
  .openapi(createRefundRoute, async (c) => {
    const { id } = c.req.valid("param");
    const key = checkIdempotencyKey(c.req.header("idempotency-key"));
    const body = c.req.valid("json");
    const { refund, replayed, currency } = await refundPart(refundDeps(c.env), id, {
      key,
      requestHash: await requestHash(body),
      ...body,
    });
    deliverEmailsSoon(c);
    if (replayed) c.header("idempotent-replayed", "true");
    return c.json(refundView(refund, currency), 201);
  })
  .openapi(listRefundsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const order = await findOrder(c.env.DB, id);
    if (!order) throw notFound("Order");
    const { refunds } = await ledgerOf(c.env.DB, id);
    return c.json({ items: refunds.map((r) => refundView(r, order.currency)) }, 200);
  });
