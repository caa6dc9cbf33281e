import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ORDER_STATUSES, type OrderStatus } from "../../src/db/schema";
import { AppError } from "../../src/errors";
import { retryFulfillment } from "../../src/fulfillment/retry";
import { formatMoney } from "../../src/money";
import { revokeOrderLinks } from "../../src/orders/order-links";
import { findOrder, listOrders, type StoredOrder } from "../../src/orders/read";
import { OrderStatusSchema } from "../../src/schemas/orders";
import type { AppEnv } from "../app-env";
import { retryDeps } from "../deps";
import { nameOf } from "../emails/order-email";
import { cancelAsAdmin, refundAsAdmin } from "../order-actions";
import { statusOf } from "../problem";
import { processResponse, stillRunningProblem } from "../process-reply";
import { OrderExportForm } from "./admin-exports";
import { queryString } from "./admin-forms";
import { AdminLayout, Wide } from "./admin-layout";
import { orderPage, orderPath, when } from "./admin-order-detail";
import { partialRefundOf } from "./admin-refund-form";
import { adminHtml } from "./admin-role";
import { shipmentOf } from "./admin-shipments";
import { fieldText, formFields } from "./form";
import { TableHead } from "./layout";
import { StatusBadge } from "./order-pages";

const PAGE_SIZE = 25;

/** Orders with their status, each linking to its page. */
export function OrdersTable(props: { orders: StoredOrder[] }) {
  return (
    <Wide>
      <table>
        <TableHead
          columns={["Order", "Status", "Email", "Placed (UTC)", { label: "Total", numeric: true }]}
        />
        <tbody>
          {props.orders.map((o) => (
            <tr>
              <td>
                <a href={orderPath(o.id)}>{nameOf(o)}</a>
              </td>
              <td>
                <StatusBadge status={o.status} />
              </td>
              <td>{o.email}</td>
              <td>{when(o.createdAt).slice(0, 16)}</td>
              <td class="num">{formatMoney(o.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

function StatusFilter(props: { status: string; error?: string | undefined }) {
  return (
    <search>
      <form method="get" action="/admin/orders" class="filters">
        <div class="field">
          <label for="order-status">Status</label>
          <select
            id="order-status"
            name="status"
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? "order-status-error" : undefined}
          >
            <option value="">Any status</option>
            {ORDER_STATUSES.map((s) => (
              <option value={s} selected={s === props.status}>
                {s}
              </option>
            ))}
          </select>
          {props.error ? (
            <span id="order-status-error" class="error">
              {props.error}
            </span>
          ) : null}
        </div>
        <button type="submit">Show</button>
      </form>
    </search>
  );
}

async function ordersPage(c: Context<AppEnv>) {
  const statusText = c.req.query("status") ?? "";
  const parsed = statusText === "" ? null : OrderStatusSchema.safeParse(statusText);
  if (parsed && !parsed.success) {
    return adminHtml(
      c,
      <AdminLayout title="Orders" section="orders">
        <h1>Orders</h1>
        <StatusFilter status={statusText} error="Choose one of the listed statuses." />
      </AdminLayout>,
      400,
    );
  }
  const status: OrderStatus | undefined = parsed?.data;
  const cursor = c.req.query("cursor") || undefined;
  const page = await listOrders(c.env.DB, { status, limit: PAGE_SIZE, cursor });
  return adminHtml(
    c,
    <AdminLayout title="Orders" section="orders" notice={c.req.query("notice")}>
      <h1>Orders</h1>
      <StatusFilter status={statusText} />
      <OrderExportForm />
      {page.items.length === 0 ? <p>No orders.</p> : <OrdersTable orders={page.items} />}
      <nav class="pager" aria-label="Pages">
        {cursor ? <a href={`/admin/orders${queryString({ status })}`}>Newest</a> : null}
        {page.nextCursor ? (
          <a href={`/admin/orders${queryString({ status, cursor: page.nextCursor })}`}>
            Older orders
          </a>
        ) : null}
      </nav>
    </AdminLayout>,
  );
}

export const adminOrderPages = new Hono<AppEnv>()
  .get("/admin/orders", (c) => ordersPage(c))
  .get("/admin/orders/:id", (c) => orderPage(c, c.req.param("id")))
  .post("/admin/orders/:id/cancel", async (c) => {
    const orderId = c.req.param("id");
    const form = await formFields(c);
    if (fieldText(form, "confirm") !== "yes") {
      return orderPage(c, orderId, { cancel: "Tick the box to confirm the cancel." }, 400);
    }
    const answer = await cancelAsAdmin(c, orderId);
    if (!answer) return c.notFound();
    if (answer.kind !== "cancelled") {
      const { detail } = answer.kind === "refused" ? answer.problem : stillRunningProblem();
      const { status } = processResponse(answer);
      return orderPage(
        c,
        orderId,
        { cancel: `Not cancelled: ${detail}` },
        status as ContentfulStatusCode,
      );
    }
    const notice = `Order ${orderId} cancelled, refunded and restocked.`;
    return c.redirect(`${orderPath(orderId)}?notice=${encodeURIComponent(notice)}`, 303);
  })
  .post("/admin/orders/:id/refund", async (c) => {
    const orderId = c.req.param("id");
    const form = await formFields(c);
    if (fieldText(form, "confirm") !== "yes") {
      return orderPage(c, orderId, { refund: "Tick the box to confirm the refund." }, 400);
    }
    try {
      await refundAsAdmin(c, orderId);
    } catch (err) {
      if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
      if (err.code === "not_found") return c.notFound();
      const refund = `Not refunded: ${err.detail}`;
      return orderPage(c, orderId, { refund }, statusOf(err.code));
    }
    const notice = `Order ${orderId} refunded.`;
    return c.redirect(`${orderPath(orderId)}?notice=${encodeURIComponent(notice)}`, 303);
  })
  .post("/admin/orders/:id/refunds", async (c) => {
    const orderId = c.req.param("id");
    const order = await findOrder(c.env.DB, orderId);
    if (!order) return c.notFound();
    const outcome = await partialRefundOf(c, order);
    if ("error" in outcome) return orderPage(c, orderId, { partialRefund: outcome.error }, 400);
    return c.redirect(`${orderPath(orderId)}?notice=${encodeURIComponent(outcome.done)}`, 303);
  })
  .post("/admin/orders/:id/shipments", async (c) => {
    const orderId = c.req.param("id");
    const order = await findOrder(c.env.DB, orderId);
    if (!order) return c.notFound();
    const outcome = await shipmentOf(c, order);
    if ("error" in outcome)
      return orderPage(c, orderId, { ship: outcome.error }, outcome.status ?? 400);
    return c.redirect(`${orderPath(orderId)}?notice=${encodeURIComponent(outcome.done)}`, 303);
  })
  .post("/admin/orders/:id/links/revoke", async (c) => {
    const orderId = c.req.param("id");
    if ((await revokeOrderLinks(c.env.DB, orderId)) === null) return c.notFound();
    const notice = "The links sent so far open nothing now; the next email carries a new one.";
    return c.redirect(`${orderPath(orderId)}?notice=${encodeURIComponent(notice)}`, 303);
  })
  .post("/admin/orders/:id/fulfillment-retry", async (c) => {
    const orderId = c.req.param("id");
    try {
      await retryFulfillment(retryDeps(c.env), orderId);
    } catch (err) {
      if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
      if (err.code === "not_found") return c.notFound();
      return orderPage(c, orderId, { retry: err.detail }, statusOf(err.code));
    }
    const notice = `Order ${orderId} is paid again and queued for fulfillment.`;
    return c.redirect(`${orderPath(orderId)}?notice=${encodeURIComponent(notice)}`, 303);
  });
