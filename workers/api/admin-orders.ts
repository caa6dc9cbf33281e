import { createRoute, z } from "@hono/zod-openapi";
import { readConfig } from "../../src/config";
import { notFound, validationFailed } from "../../src/errors";
import { findOrder, listOrders } from "../../src/orders/repo";
import { recentSweeps } from "../../src/orders/sweep";
import { salesReport } from "../../src/reports/sales";
import { listOf, MoneySchema } from "../../src/schemas/common";
import { AdminOrderListQuerySchema, OrderSchema } from "../../src/schemas/orders";
import { jsonContent, openApiApp, problems } from "../openapi";
import { runSweep } from "../scheduled/sweep";

const security = [{ adminToken: [] }];
const DAY_MS = 86_400_000;
const MAX_REPORT_DAYS = 366;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    "not a calendar date",
  );

const AdminOrderSchema = OrderSchema.extend({ shopperId: z.string() }).meta({ id: "AdminOrder" });

const SalesReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    orders: z.number().int(),
    unitsSold: z.number().int(),
    revenue: MoneySchema,
    byDay: z.array(z.object({ date: z.string(), orders: z.number().int(), revenue: MoneySchema })),
    topSkus: z.array(z.object({ sku: z.string(), units: z.number().int(), revenue: MoneySchema })),
  })
  .meta({
    id: "SalesReport",
    description: "Revenue is merchandise revenue (subtotals, without shipping).",
  });

const listRoute = createRoute({
  method: "get",
  path: "/orders",
  tags: ["Admin"],
  security,
  summary: "All orders, newest first, optionally of one status",
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
  summary: "Any order",
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: { 200: jsonContent(AdminOrderSchema, "The order"), ...problems(401, 403, 404) },
});

const salesRoute = createRoute({
  method: "get",
  path: "/reports/sales",
  tags: ["Admin"],
  security,
  summary: "Sales by day and top skus between two UTC days (default: the last 30 days)",
  request: { query: z.object({ from: isoDay.optional(), to: isoDay.optional() }) },
  responses: { 200: jsonContent(SalesReportSchema, "The report"), ...problems(400, 401, 403) },
});

const SweepSchema = z
  .object({
    checkoutsSettled: z.number().int(),
    fulfillmentsResent: z.number().int(),
    cancelsResumed: z.number().int(),
    failures: z.number().int(),
  })
  .meta({
    id: "Sweep",
    description: "What one run of the reconciliation sweep found unsettled and drove on.",
  });

const runSweepRoute = createRoute({
  method: "post",
  path: "/sweeps",
  tags: ["Admin"],
  security,
  summary: "Run the reconciliation sweep now (the cron trigger runs it every minute)",
  responses: { 200: jsonContent(SweepSchema, "What it did"), ...problems(401, 403) },
});

const listSweepsRoute = createRoute({
  method: "get",
  path: "/sweeps",
  tags: ["Admin"],
  security,
  summary: "The latest runs of the reconciliation sweep, newest first",
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
  .openapi(getRoute, async (c) => {
    const order = await findOrder(c.env.DB, c.req.valid("param").id);
    if (!order) throw notFound("Order");
    const { paymentId: _payment, ...view } = order;
    return c.json(view, 200);
  })
  .openapi(salesRoute, async (c) => {
    const query = c.req.valid("query");
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    const from = query.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1 || days > MAX_REPORT_DAYS) {
      throw validationFailed([
        { path: "from", message: `must be on or before 'to', at most ${MAX_REPORT_DAYS} days` },
      ]);
    }
    return c.json(await salesReport(c.env.DB, { from, to }, readConfig(c.env).storeCurrency), 200);
  });
