import { Hono } from "hono";
import { formatMoney } from "../../src/money";
import { listOrders } from "../../src/orders/read";
import { returnsOfOrder } from "../../src/returns/read";
import type { Order } from "../../src/schemas/orders";
import type { AppEnv } from "../app-env";
import { nameOf } from "../emails/order-email";
import { marketLocaleOf } from "../market";
import { orderTotalRows } from "../order-totals";
import { ORDER_STATUS_SCRIPT_URL } from "./assets";
import { cartCountOf } from "./cart-count";
import { Layout, TableHead } from "./layout";
import { orderPath, visibleOrder } from "./order-access";
import { returnsFormState, ShopperReturns } from "./return-pages";
import { currentShopper } from "./session";

const SETTLED = new Set(["fulfilled", "cancelled", "payment_failed", "fulfillment_failed"]);

/** Where a shopper's money stands, in their words. */
const PAYMENT_WORDS = { refunded: "Refunded", partially_refunded: "Partly refunded" } as const;

/**
 * An order's status in a shopper's words ("Shipped", not `fulfilled`); the back office keeps
 * the precise states. A failed fulfillment is the shop's to fix: the shopper still sees it paid.
 */
export const SHOPPER_STATUS_WORDS: Record<string, string> = {
  pending_payment: "Awaiting payment",
  paid: "Paid",
  partially_fulfilled: "Partly shipped",
  fulfilled: "Shipped",
  cancelled: "Cancelled",
  payment_failed: "Payment failed",
  fulfillment_failed: "Paid",
};

const partOf = (order: Order, sku: string, quantity: number) => {
  const line = order.lines.find((l) => l.sku === sku);
  return `${quantity} × ${line ? `${line.title}${line.variantTitle ? ` ${line.variantTitle}` : ""}` : sku}`;
};

/**
 * The order's parcels for its shopper: what each holds and how to follow it. The status script
 * fills the same list when a parcel leaves while the page is open.
 */
function ShopperParcels({ order }: { order: Order }) {
  return (
    <ul class="parcels" data-tracking aria-label="Parcels">
      {order.shipments.map((s) => (
        <li>
          Parcel {s.number}: {s.lines.map((l) => partOf(order, l.sku, l.quantity)).join(", ")}
          {s.carrier ? `, with ${s.carrier}` : ""}.{" "}
          {s.trackingNumber ? (
            <span>
              Tracking number:{" "}
              {s.trackingUrl ? (
                <a href={s.trackingUrl} rel="noopener noreferrer">
                  {s.trackingNumber}
                </a>
              ) : (
                s.trackingNumber
              )}
            </span>
          ) : null}
          {s.source === "simulated" ? " (simulated: no real parcel)" : ""}
        </li>
      ))}
    </ul>
  );
}

/** A status badge; `words` shows the shopper's words for it (the exact state is in `data-status`). */
export function StatusBadge({
  status,
  live,
  words,
}: {
  status: string;
  live?: string;
  words?: Record<string, string>;
}) {
  return (
    <span
      class={`status status-${status}`}
      data-status={status}
      data-order-status={live}
      data-status-words={live && words ? JSON.stringify(words) : undefined}
      aria-live={live ? "polite" : undefined}
    >
      {words?.[status] ?? status}
    </span>
  );
}

export function OrderLines({
  order,
  locale = "en-US",
}: {
  order: Omit<Order, "events">;
  locale?: string;
}) {
  return (
    <table>
      <TableHead
        columns={[
          "Item",
          { label: "Price", numeric: true },
          { label: "Qty", numeric: true },
          { label: "Total", numeric: true },
        ]}
      />
      <tbody>
        {order.lines.map((l) => (
          <tr>
            <td>
              {l.title} <span class="muted">{l.variantTitle}</span>
            </td>
            <td class="num">{formatMoney(l.unitPrice, locale)}</td>
            <td class="num">{l.quantity}</td>
            <td class="num">{formatMoney(l.lineTotal, locale)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {orderTotalRows(order, locale).map((row) =>
          row.total ? (
            <tr>
              <th scope="row" colspan={3}>
                {row.label}
              </th>
              <td class="num">
                <strong>{row.value}</strong>
              </td>
            </tr>
          ) : (
            <tr>
              <td colspan={3}>{row.label}</td>
              <td class="num">{row.value}</td>
            </tr>
          ),
        )}
      </tfoot>
    </table>
  );
}

export const orderPages = new Hono<AppEnv>()
  .get("/orders", async (c) => {
    const shopper = await currentShopper(c);
    if (!shopper) return c.redirect("/login", 303);
    const page = await listOrders(c.env.DB, {
      shopperId: shopper.id,
      limit: 20,
      cursor: c.req.query("cursor")?.slice(0, 512) || undefined,
    });
    return c.html(
      <Layout title="Your orders" shopper={shopper} cartCount={cartCountOf(c)}>
        <h1>Your orders</h1>
        {page.items.length === 0 ? (
          <p>No orders yet.</p>
        ) : (
          <table class="orders">
            <TableHead columns={["Order", "Placed", "Status", { label: "Total", numeric: true }]} />
            <tbody>
              {page.items.map((o) => (
                <tr>
                  <td>
                    <a href={`/orders/${o.id}`}>{nameOf(o)}</a>
                  </td>
                  <td>{o.createdAt.slice(0, 16).replace("T", " ")} UTC</td>
                  <td>
                    <StatusBadge status={o.status} words={SHOPPER_STATUS_WORDS} />
                  </td>
                  <td class="num">{formatMoney(o.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.nextCursor ? (
          <a href={`/orders?cursor=${encodeURIComponent(page.nextCursor)}`}>Older orders</a>
        ) : null}
      </Layout>,
    );
  })
  .get("/orders/:id", async (c) => {
    const seen = await visibleOrder(c, c.req.param("id"));
    if (!seen) return c.notFound();
    const { order, shopper, key } = seen;
    // Only a session's own order is polled: the status API knows sessions, not links.
    const settled = SETTLED.has(order.status) || key !== undefined;
    return c.html(
      <Layout
        title={`Order ${order.id}`}
        shopper={shopper}
        cartCount={cartCountOf(c)}
        scripts={settled ? [] : [ORDER_STATUS_SCRIPT_URL]}
      >
        <h1>Thank you for your order</h1>
        <p>
          Order <strong>#{order.number}</strong> is{" "}
          <StatusBadge
            status={order.status}
            live={settled ? undefined : order.id}
            words={SHOPPER_STATUS_WORDS}
          />
          {order.paymentStatus === "refunded" || order.paymentStatus === "partially_refunded" ? (
            <>
              {" "}
              and <strong data-refund-status>{PAYMENT_WORDS[order.paymentStatus]}</strong>
            </>
          ) : null}
          .
        </p>
        <ShopperParcels order={order} />
        <ShopperReturns
          order={order}
          orderKey={key}
          returns={await returnsOfOrder(c.env.DB, order.id)}
          {...(await returnsFormState(c.env, order.id))}
        />
        {settled ? null : (
          <p class="muted" data-refresh-hint>
            We ship within seconds. <a href={orderPath(order.id, key)}>Refresh</a> to see the latest
            status.
          </p>
        )}
        <OrderLines order={order} locale={await marketLocaleOf(c, order.market)} />
        <h2>Shipping to</h2>
        <address>
          {order.shippingAddress.name}
          <br />
          {order.shippingAddress.line1}
          {order.shippingAddress.line2 ? (
            <>
              <br />
              {order.shippingAddress.line2}
            </>
          ) : null}
          <br />
          {order.shippingAddress.postalCode} {order.shippingAddress.city}
          {order.shippingAddress.region ? `, ${order.shippingAddress.region}` : ""}
          <br />
          {order.shippingAddress.country}
        </address>
        <p>
          A confirmation goes to {order.email}. {key ? null : <a href="/orders">All your orders</a>}
        </p>
      </Layout>,
    );
  });
