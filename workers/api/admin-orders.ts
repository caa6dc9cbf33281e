import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { readConfig } from "../../src/config";
import { notFound, validationFailed } from "../../src/errors";
import { retryFulfillment } from "../../src/fulfillment/retry";
import { revokeOrderLinks } from "../../src/orders/order-links";
import { adminViewOf, findOrder, listOrders } from "../../src/orders/read";
import { recentSweeps } from "../../src/orders/sweep";
import { salesReport } from "../../src/reports/sales";
import { isIsoDay, salesRange } from "../../src/reports/sales-range";
import { listOf, MoneySchema } from "../../src/schemas/common";
import { AdminOrderListQuerySchema, OrderSchema } from "../../src/schemas/orders";
import { retryDeps } from "../deps";
import { jsonContent, openApiApp, problem, problems } from "../openapi";
import { cancelAsAdmin, refundAsAdmin } from "../order-actions";
import { replyWith } from "../process-reply";
import { runSweep } from "../scheduled/sweep";

const security = [{ adminToken: [] }];

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine(isIsoDay, "not a calendar date");

const OrderIdParams = z.object({ id: z.string().min(1).max(100) });

const AdminOrderSchema = OrderSchema.extend({ shopperId: z.string() }).meta({ id: "AdminOrder" });

const SalesReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    currencies: z.array(
      z.object({ currency: z.string(), orders: z.number().int(), revenue: MoneySchema }),
    ),
    orders: z.number().int(),
    unitsSold: z.number().int(),
    revenue: MoneySchema,
    refunds: MoneySchema,
    byDay: z.array(
      z.object({
        date: z.string(),
        orders: z.number().int(),
        revenue: MoneySchema,
        refunds: MoneySchema,
      }),
    ),
    topSkus: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        units: z.number().int(),
        revenue: MoneySchema,
      }),
    ),
  })
  .meta({ id: "SalesReport" });

/** Any order as admins see it: every event with its payment and refund ids. */
async function adminView(db: D1Database, orderId: string) {
  const order = await findOrder(db, orderId);
  if (!order) throw notFound("Order");
  return adminViewOf(order);
}

const listRoute = createRoute({
  method: "get",
  path: "/orders",
  tags: ["Admin"],
  security,
  request: { query: AdminOrderListQuerySchema },
  responses: {
    200: jsonContent(listOf(AdminOrderSchema), "A page of orders"),
    ...problems(400, 401, 403),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/orders/{id}",
  tags: ["Admin"],
  security,
  request: { params: OrderIdParams },
  responses: { 200: jsonContent(AdminOrderSchema, "The order"), ...problems(401, 403, 404) },
});

const cancelRoute = createRoute({
  method: "post",
  path: "/orders/{id}/cancel",
  tags: ["Admin"],
  security,
  request: { params: OrderIdParams },
  responses: {
    200: jsonContent(AdminOrderSchema, "The cancelled order"),
    ...problems(401, 403, 404, 409, 503),
  },
});

const refundRoute = createRoute({
  method: "post",
  path: "/orders/{id}/refund",
  tags: ["Admin"],
  security,
  request: { params: OrderIdParams },
  responses: {
    200: jsonContent(AdminOrderSchema, "The order, with its `refunded` event"),
    ...problems(401, 403, 404),
    409: problem("`conflict`: the order is not fulfilled (a paid one is cancelled instead)"),
  },
});

const retryFulfillmentRoute = createRoute({
  method: "post",
  path: "/orders/{id}/fulfillment-retry",
  tags: ["Admin"],
  security,
  request: { params: OrderIdParams },
  responses: {
    202: jsonContent(AdminOrderSchema, "The order, paid and queued for fulfillment"),
    ...problems(401, 403, 404, 409),
  },
});

const revokeLinksRoute = createRoute({
  method: "post",
  path: "/orders/{id}/links/revoke",
  tags: ["Admin"],
  security,
  request: { params: OrderIdParams },
  responses: {
    200: jsonContent(z.object({ linkVersion: z.number().int() }), "The links' new version"),
    ...problems(401, 403, 404),
  },
});

const salesRoute = createRoute({
  method: "get",
  path: "/reports/sales",
  tags: ["Admin"],
  security,
  request: {
    query: z.object({
      from: isoDay.optional(),
      to: isoDay.optional(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR")
        .optional(),
    }),
  },
  responses: { 200: jsonContent(SalesReportSchema, "The report"), ...problems(400, 401, 403) },
});

const SweepSchema = z
  .object({
    checkoutsSettled: z.number().int(),
    fulfillmentsResent: z.number().int(),
    cancelsResumed: z.number().int(),
    refundsSettled: z.number().int(),
    failures: z.number().int(),
  })
  .meta({ id: "Sweep" });

const runSweepRoute = createRoute({
  method: "post",
  path: "/sweeps",
  tags: ["Admin"],
  security,
  responses: { 200: jsonContent(SweepSchema, "What it did"), ...problems(401, 403) },
});

const listSweepsRoute = createRoute({
  method: "get",
  path: "/sweeps",
  tags: ["Admin"],
  security,
  responses: {
    200: jsonContent(
      z.object({ items: z.array(SweepSchema.extend({ at: z.string() })) }),
      "Recent sweeps",
    ),
    ...problems(401, 403),
  },
});

export const adminOrderRoutes = openApiApp()
  .openapi(runSweepRoute, async (c) => c.json(await runSweep(c.env), 200))
  .openapi(listSweepsRoute, async (c) => c.json({ items: await recentSweeps(c.env.DB) }, 200))
  .openapi(listRoute, async (c) => {
    const page = await listOrders(c.env.DB, c.req.valid("query"));
    return c.json(page, 200);
  })
  .openapi(getRoute, async (c) => c.json(await adminView(c.env.DB, c.req.valid("param").id), 200))
  .openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid("param");
    const answer = await cancelAsAdmin(c, id);
    if (!answer) throw notFound("Order");
    if (answer.kind !== "cancelled") return replyWith(c, answer) as never;
    return c.json(await adminView(c.env.DB, id), 200);
  })
  .openapi(refundRoute, async (c) => {
    const { id } = c.req.valid("param");
    await refundAsAdmin(c, id);
    return c.json(await adminView(c.env.DB, id), 200);
  })
  .openapi(retryFulfillmentRoute, async (c) => {
    const { id } = c.req.valid("param");
    await retryFulfillment(retryDeps(c.env), id);
    return c.json(await adminView(c.env.DB, id), 202);
  })
  .openapi(revokeLinksRoute, async (c) => {
    const linkVersion = await revokeOrderLinks(c.env.DB, c.req.valid("param").id);
    if (linkVersion === null) throw notFound("Order");
    return c.json({ linkVersion }, 200);
  })
  .openapi(salesRoute, async (c) => {
    const range = salesRange(c.req.valid("query"));
    if ("errors" in range) throw validationFailed(range.errors);
    const currency = c.req.valid("query").currency ?? readConfig(c.env).storeCurrency;
    return c.json(await salesReport(c.env.DB, range, currency), 200);
  });
