// The back office's page of one order: its facts, lines, address, actions, history and emails.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { emailsOfOrder } from "../../src/emails/outbox";
import { leftToShip, SHIPPABLE } from "../../src/fulfillment/left";
import { formatMoney } from "../../src/money";
import { findOrder } from "../../src/orders/read";
import { ledgerOf } from "../../src/refunds/ledger";
import { returnsOfOrder } from "../../src/returns/read";
import type { AppEnv } from "../app-env";
import { nameOf } from "../emails/order-email";
import { EmailsTable } from "./admin-emails";
import { AdminLayout, ConfirmBox, Wide } from "./admin-layout";
import { PartialRefundForm, RefundLedger } from "./admin-refund-form";
import { AdminReturns } from "./admin-returns";
import { Allowed, adminHtml } from "./admin-role";
import { Parcels, ShipmentForm } from "./admin-shipments";
import { TableHead } from "./layout";
import { OrderLines, StatusBadge } from "./order-pages";

export const when = (iso: string) => iso.slice(0, 19).replace("T", " ");
export const orderPath = (id: string) => `/admin/orders/${encodeURIComponent(id)}`;

/** An event's own data (payment, refund, tracking ids) as `key: value` pairs. */
const eventData = (event: Record<string, unknown>) =>
  Object.entries(event)
    .filter(([key]) => key !== "type" && key !== "at")
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", ");

interface ActionErrors {
  cancel?: string;
  refund?: string;
  partialRefund?: string;
  retry?: string;
  ship?: string;
}

export async function orderPage(
  c: Context<AppEnv>,
  orderId: string,
  errors: ActionErrors = {},
  status: ContentfulStatusCode = 200,
) {
  const [order, emails, ledger, left, returns] = await Promise.all([
    findOrder(c.env.DB, orderId),
    emailsOfOrder(c.env.DB, orderId),
    ledgerOf(c.env.DB, orderId),
    leftToShip(c.env.DB, [orderId]),
    returnsOfOrder(c.env.DB, orderId),
  ]);
  if (!order) return c.notFound();
  const a = order.shippingAddress;
  const action = (name: string) => `${orderPath(order.id)}/${name}`;
  const refunded = order.paymentStatus === "refunded";
  const shipped = order.status === "fulfilled" || order.status === "partially_fulfilled";
  const toShip = left.get(order.id) ?? new Map<string, number>();
  const shippable =
    (SHIPPABLE as readonly string[]).includes(order.status) &&
    !refunded &&
    [...toShip.values()].some((n) => n > 0);
  const refundable = order.status !== "cancelled" && order.paymentStatus !== "refunded";
  return adminHtml(
    c,
    <AdminLayout
      title={`Order ${nameOf(order)}`}
      section="orders"
      notice={c.req.query("notice")}
      error={errors.cancel ?? errors.refund ?? errors.partialRefund ?? errors.retry ?? errors.ship}
    >
      <p>
        <a href="/admin/orders">All orders</a>
      </p>
      <h1>Order {nameOf(order)}</h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={order.status} />
        </dd>
        <dt>Email</dt>
        <dd>{order.email}</dd>
        <dt>Shopper</dt>
        <dd>{order.shopperId}</dd>
        <dt>Id</dt>
        <dd>{order.id}</dd>
        <dt>Market</dt>
        <dd>
          {order.market} ({order.currency}, {order.pricesIncludeTax ? "tax included" : "tax added"})
        </dd>
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

      <h2>Parcels</h2>
      <Parcels order={order} />
      {shippable ? (
        <Allowed post={action("shipments")}>
          <h3>Record a shipment</h3>
          <ShipmentForm order={order} left={toShip} error={errors.ship} />
        </Allowed>
      ) : null}

      <h2 id="returns">Returns</h2>
      <AdminReturns order={order} returns={returns} />

      <h2>Actions</h2>
      {order.status === "paid" ? (
        <Allowed post={action("cancel")}>
          <form method="post" action={action("cancel")} class="confirm">
            <ConfirmBox id="cancel" error={errors.cancel}>
              Yes, cancel this order, refund {formatMoney(order.total)} and put its stock back
            </ConfirmBox>
            <button type="submit" class="danger">
              Cancel and refund
            </button>
          </form>
        </Allowed>
      ) : null}
      {order.status === "fulfillment_failed" ? (
        <Allowed post={action("fulfillment-retry")}>
          <form method="post" action={action("fulfillment-retry")}>
            {errors.retry ? <span class="error">{errors.retry}</span> : null}
            <button type="submit">Retry fulfillment</button>
          </form>
        </Allowed>
      ) : null}
      {shipped && !refunded ? (
        <Allowed post={action("refund")}>
          <form method="post" action={action("refund")} class="confirm">
            <ConfirmBox id="refund" error={errors.refund}>
              Yes, refund {order.refundedTotal.amount > 0 ? "the rest, " : ""}
              {formatMoney(order.netTotal)}, to the shopper (the order has shipped, so no stock is
              put back)
            </ConfirmBox>
            <button type="submit" class="danger">
              {order.refundedTotal.amount > 0 ? "Refund the rest" : "Refund in full"}
            </button>
          </form>
        </Allowed>
      ) : null}
      {order.status !== "paid" &&
      order.status !== "fulfillment_failed" &&
      !(shipped && !refunded) ? (
        <p class="muted">
          No action for a {refunded ? "refunded " : ""}
          {order.status} order.
        </p>
      ) : null}

      <Allowed post={action("links/revoke")}>
        <form method="post" action={action("links/revoke")}>
          <p class="muted">
            The order's emails carry a link to its page that works without signing in. Was an email
            forwarded to the wrong person?
          </p>
          <button type="submit" class="secondary">
            Revoke the order's links
          </button>
        </form>
      </Allowed>

      <h2>Refunds</h2>
      <RefundLedger order={order} refunds={ledger.refunds} />
      {refundable && order.paymentStatus !== "unpaid" ? (
        <Allowed post={action("refunds")}>
          <PartialRefundForm
            order={order}
            action={action("refunds")}
            {...(errors.partialRefund ? { error: errors.partialRefund } : {})}
          />
        </Allowed>
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
