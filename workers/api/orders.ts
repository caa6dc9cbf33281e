import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { conflict, notFound } from "../../src/errors";
import { withWarehouse } from "../../src/fulfillment/hand-over";
import { findOrder, listOrders, shopperView } from "../../src/orders/read";
import { listOf } from "../../src/schemas/common";
import { OrderListQuerySchema, OrderSchema } from "../../src/schemas/orders";
import { cancelOrderIn } from "../carts";
import { deliverEmailsSoon } from "../emails/deliver";
import { jsonContent, openApiApp, problems } from "../openapi";
import { replyWith } from "../process-reply";

const security = [{ shopperToken: [] }];
const idParam = z.object({ id: z.string().min(1).max(100) });

const listRoute = createRoute({
  method: "get",
  path: "/orders",
  tags: ["Orders"],
  security,
  request: { query: OrderListQuerySchema },
  responses: { 200: jsonContent(listOf(OrderSchema), "A page of orders"), ...problems(400, 401) },
});

const getRoute = createRoute({
  method: "get",
  path: "/orders/{id}",
  tags: ["Orders"],
  security,
  request: { params: idParam },
  responses: { 200: jsonContent(OrderSchema, "The order"), ...problems(401, 404) },
});

const cancelRoute = createRoute({
  method: "post",
  path: "/orders/{id}/cancel",
  tags: ["Orders"],
  security,
  request: { params: idParam },
  responses: {
    200: jsonContent(OrderSchema, "The cancelled order"),
    ...problems(401, 404, 409, 503),
  },
});

export const orderRoutes = openApiApp()
  .openapi(listRoute, async (c) => {
    const page = await listOrders(c.env.DB, {
      ...c.req.valid("query"),
      shopperId: c.get("shopper").id,
    });
    return c.json({ items: page.items.map(shopperView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getRoute, async (c) => {
    const order = await findOrder(c.env.DB, c.req.valid("param").id, c.get("shopper").id);
    if (!order) throw notFound("Order");
    return c.json(shopperView(order), 200);
  })
  .openapi(cancelRoute, async (c) => {
    const shopperId = c.get("shopper").id;
    // The cancel runs in the shopper's cart object, beside the checkouts, as a recorded process.
    const orderId = c.req.valid("param").id;
    // A warehouse that has the order ships it: only the shop, which can call it back, cancels.
    if (await withWarehouse(c.env.DB, orderId)) {
      throw conflict("This order is with the warehouse already: ask the shop to cancel it.");
    }
    const answer = await cancelOrderIn(c.env, shopperId, orderId);
    if (answer.kind === "cancelled") deliverEmailsSoon(c);
    return replyWith(c, answer) as never;
  });
