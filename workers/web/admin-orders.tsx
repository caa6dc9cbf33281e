import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ORDER_STATUSES, type OrderStatus } from "../../src/db/schema";
import { emailsOfOrder } from "../../src/emails/outbox";
import { AppError } from "../../src/errors";
import { retryFulfillment } from "../../src/fulfillment/retry";
import { formatMoney } from "../../src/money";
import { findOrder, listOrders, type StoredOrder } from "../../src/orders/repo";
import { OrderStatusSchema } from "../../src/schemas/orders";
import { cancelAsAdmin, refundAsAdmin, retryDeps } from "../api/admin-orders";
import type { AppEnv } from "../app-env";
import { statusOf } from "../problem";
import { processResponse, stillRunningProblem } from "../process-reply";
import { EmailsTable } from "./admin-emails";
import { fieldText, queryString } from "./admin-forms";
import { AdminLayout, ConfirmBox, Wide } from "./admin-layout";
import { TableHead } from "./layout";
import { OrderLines, StatusBadge } from "./order-pages";

const PAGE_SIZE = 25;
const when = (iso: string) => iso.slice(0, 19).replace("T", " ");
const orderPath = (id: string) => `/admin/orders/${encodeURIComponent(id)}`;

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
                <a href={orderPath(o.id)}>{o.id}</a>
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
    return c.html(
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
  return c.html(
    <AdminLayout title="Orders" section="orders" notice={c.req.query("notice")}>
      <h1>Orders</h1>
      <StatusFilter status={statusText} />
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

/** An event's own data (payment, refund, tracking ids) as `key: value` pairs. */
const eventData = (event: Record<string, unknown>) =>
  Object.entries(event)
    .filter(([key]) => key !== "type" && key !== "at")
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", ");

interface ActionErrors {
  cancel?: string;
  refund?: string;
  retry?: string;
}

async function orderPage(
  c: Context<AppEnv>,
  orderId: string,
  errors: ActionErrors = {},
  status: ContentfulStatusCode = 200,
) {
  const [order, emails] = await Promise.all([
    findOrder(c.env.DB, orderId),
    emailsOfOrder(c.env.DB, orderId),
  ]);
  if (!order) return c.notFound();
  const a = order.shippingAddress;
  const action = (name: string) => `${orderPath(order.id)}/${name}`;
  const refunded = order.events.some((e) => e.type === "refunded");
  return c.html(
    <AdminLayout
      title={`Order ${order.id}`}
      section="orders"
      notice={c.req.query("notice")}
      error={errors.cancel ?? errors.refund ?? errors.retry}
    >
      <p>
        <a href="/admin/orders">All orders</a>
      </p>
      <h1>Order {order.id}</h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={order.status} />
        </dd>
        <dt>Email</dt>
        <dd>{order.email}</dd>
        <dt>Shopper</dt>
        <dd>{order.shopperId}</dd>
        <dt>Placed (UTC)</dt>
        <dd>{when(order.createdAt)}</dd>
        <dt>Payment</dt>
        <dd>{order.paymentId ?? "none"}</dd>
      </dl>
      <Wide>
        <OrderLines order={order} />
      </Wide>
      <h2>Shipping to</h2>
      <address>
        {a.name}
        <br />
        {a.line1}
        {a.line2 ? (
          <>
            <br />
            {a.line2}
          </>
        ) : null}
        <br />
        {a.postalCode} {a.city}
        {a.region ? `, ${a.region}` : ""}
        <br />
        {a.country}
      </address>

      <h2>Actions</h2>
      {order.status === "paid" ? (
        <form method="post" action={action("cancel")} class="confirm">
          <ConfirmBox id="cancel" error={errors.cancel}>
            Yes, cancel this order, refund {formatMoney(order.total)} and put its stock back
          </ConfirmBox>
          <button type="submit" class="danger">
            Cancel and refund
          </button>
        </form>
      ) : null}
      {order.status === "fulfillment_failed" ? (
        <form method="post" action={action("fulfillment-retry")}>
          {errors.retry ? <span class="error">{errors.retry}</span> : null}
          <button type="submit">Retry fulfillment</button>
        </form>
      ) : null}
      {order.status === "fulfilled" && !refunded ? (
        <form method="post" action={action("refund")} class="confirm">
          <ConfirmBox id="refund" error={errors.refund}>
            Yes, refund {formatMoney(order.total)} to the shopper's card (the order has shipped, so
            no stock is put back)
          </ConfirmBox>
          <button type="submit" class="danger">
            Refund
          </button>
        </form>
      ) : null}
      {order.status !== "paid" &&
      order.status !== "fulfillment_failed" &&
      !(order.status === "fulfilled" && !refunded) ? (
        <p class="muted">
          No action for a {refunded ? "refunded " : ""}
          {order.status} order.
        </p>
      ) : null}

      <h2>History</h2>
      <Wide>
        <table>
          <TableHead columns={["Event", "At (UTC)", "Details"]} />
          <tbody>
            {order.events.map((e) => (
              <tr>
                <td>{e.type}</td>
                <td>{when(e.at)}</td>
                <td>{eventData(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>

      <h2>Emails</h2>
      {emails && emails.length > 0 ? (
        <EmailsTable emails={emails} returnTo={orderPath(order.id)} />
      ) : (
        <p>No email has been queued for this order.</p>
      )}
    </AdminLayout>,
    status,
  );
}

export const adminOrderPages = new Hono<AppEnv>()
  .get("/admin/orders", (c) => ordersPage(c))
  .get("/admin/orders/:id", (c) => orderPage(c, c.req.param("id")))
  .post("/admin/orders/:id/cancel", async (c) => {
    const orderId = c.req.param("id");
    const form = await c.req.parseBody();
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
    const form = await c.req.parseBody();
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
