// The back office's parcels: an order's shipments, the form that records one, the packing slip,
// and the list of orders to ship.
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError } from "../../src/errors";
import { leftToShip, listToShip } from "../../src/fulfillment/left";
import { recordShipment, type Shipment } from "../../src/fulfillment/shipments";
import { findOrder, type StoredOrder } from "../../src/orders/read";
import type { AppEnv } from "../app-env";
import { deliverEmailsSoon } from "../emails/deliver";
import { statusOf } from "../problem";
import { AdminLayout, Wide } from "./admin-layout";
import { Allowed, adminHtml } from "./admin-role";
import { fieldText, formFields } from "./form";
import { Document, TableHead } from "./layout";

const when = (iso: string) => iso.slice(0, 19).replace("T", " ");
const pathOf = (id: string) => `/admin/orders/${encodeURIComponent(id)}`;
const titleOf = (order: StoredOrder, sku: string) => {
  const line = order.lines.find((l) => l.sku === sku);
  return line ? `${line.title}${line.variantTitle ? ` ${line.variantTitle}` : ""}` : sku;
};

/** A parcel's contents as `2 × Tee Black / M, 1 × Socks`. */
export const contentsOf = (order: StoredOrder, shipment: Shipment) =>
  shipment.lines.map((l) => `${l.quantity} × ${titleOf(order, l.sku)}`).join(", ");

/** How to follow a parcel: its tracking number, linked when there is a URL. */
export function Tracking({ shipment }: { shipment: Shipment }) {
  const number = shipment.trackingNumber ?? "no tracking number";
  return shipment.trackingUrl ? (
    <a href={shipment.trackingUrl} rel="noopener noreferrer">
      {number}
    </a>
  ) : (
    number
  );
}

/** The order's parcels, for the back office. */
export function Parcels({ order }: { order: StoredOrder }) {
  if (order.shipments.length === 0) return <p class="muted">Nothing shipped yet.</p>;
  return (
    <Wide>
      <table>
        <caption class="skip">Parcels</caption>
        <TableHead columns={["Parcel", "Contents", "Carrier", "Tracking", "By", "At (UTC)"]} />
        <tbody>
          {order.shipments.map((s) => (
            <tr>
              <td>{s.number}</td>
              <td>{contentsOf(order, s)}</td>
              <td>{s.carrier ?? ""}</td>
              <td>
                <Tracking shipment={s} />
              </td>
              <td>{s.source}</td>
              <td>{when(s.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

/**
 * Records a parcel: units of each line (what is left, by default), carrier and tracking. The
 * form carries its own idempotency key, so a second submit of the same page records it once.
 */
export function ShipmentForm(props: {
  order: StoredOrder;
  left: Map<string, number>;
  error?: string | undefined;
}) {
  const { order, left } = props;
  return (
    <Allowed post={`${pathOf(order.id)}/shipments`}>
      <form method="post" action={`${pathOf(order.id)}/shipments`} novalidate>
        <input type="hidden" name="key" value={crypto.randomUUID()} />
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        {order.lines.map((l, i) => (
          <div class="field">
            <label for={`ship-line-${i}`}>
              Units of {titleOf(order, l.sku)} ({l.sku}), {left.get(l.sku) ?? 0} left to ship
            </label>
            <input
              id={`ship-line-${i}`}
              name={`qty.${l.sku}`}
              type="number"
              min="0"
              max={left.get(l.sku) ?? 0}
              value={String(left.get(l.sku) ?? 0)}
            />
          </div>
        ))}
        <div class="cols">
          <div class="field">
            <label for="ship-carrier">Carrier</label>
            <input id="ship-carrier" name="carrier" maxlength={100} placeholder="UPS" />
          </div>
          <div class="field">
            <label for="ship-tracking">Tracking number</label>
            <input id="ship-tracking" name="trackingNumber" maxlength={100} />
          </div>
          <div class="field">
            <label for="ship-url">Tracking URL</label>
            <input
              id="ship-url"
              name="trackingUrl"
              type="url"
              maxlength={2000}
              placeholder="https://…"
            />
          </div>
        </div>
        <button type="submit">Record shipment</button>{" "}
        <a href={`${pathOf(order.id)}/packing-slip`}>Packing slip</a>
      </form>
    </Allowed>
  );
}

/** The form's fields as a shipment, or what is wrong with them. */
export async function shipmentOf(c: Context<AppEnv>, order: StoredOrder) {
  const form = await formFields(c);
  const key = fieldText(form, "key");
  if (key.length < 8) return { error: "The form is stale: open the order again." };
  const lines = order.lines
    .map((l) => ({ sku: l.sku, quantity: Number(fieldText(form, `qty.${l.sku}`) || "0") }))
    .filter((l) => l.quantity !== 0);
  if (lines.some((l) => !Number.isInteger(l.quantity) || l.quantity < 0)) {
    return { error: "Units are whole numbers, 0 or more." };
  }
  if (lines.length === 0) return { error: "Put at least one unit in the parcel." };
  const trackingUrl = fieldText(form, "trackingUrl");
  if (trackingUrl && !/^https?:\/\/\S+$/.test(trackingUrl)) {
    return { error: "The tracking URL must start with https:// (or http://)." };
  }
  try {
    const { shipment } = await recordShipment(c.env.DB, order.id, {
      key: `admin:${key}`,
      source: "merchant",
      lines,
      carrier: fieldText(form, "carrier").slice(0, 100) || null,
      trackingNumber: fieldText(form, "trackingNumber").slice(0, 100) || null,
      trackingUrl: trackingUrl || null,
    });
    deliverEmailsSoon(c);
    return { done: `Parcel ${shipment.number} recorded; the shopper is told.` };
  } catch (err) {
    if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
    const fields = err.errors?.map((e) => e.message).join("; ");
    return {
      error: `Not recorded: ${err.detail}${fields ? ` (${fields})` : ""}`,
      status: statusOf(err.code),
    };
  }
}

/** What to pack: the order's number, address and the units left to ship, to print. */
async function packingSlip(c: Context<AppEnv>) {
  const order = await findOrder(c.env.DB, c.req.param("id") ?? "");
  if (!order) return c.notFound();
  const left = (await leftToShip(c.env.DB, [order.id])).get(order.id) ?? new Map();
  const a = order.shippingAddress;
  return adminHtml(
    c,
    <Document title={`Packing slip #${order.number}`}>
      <main class="slip">
        <h1>Packing slip: order #{order.number}</h1>
        <p>
          Placed {when(order.createdAt)} UTC · {order.email}
        </p>
        <h2>Ship to</h2>
        <address>
          {[
            a.name,
            a.line1,
            a.line2,
            `${a.postalCode} ${a.city}${a.region ? `, ${a.region}` : ""}`,
            a.country,
          ]
            .filter(Boolean)
            .map((line) => (
              <>
                {line}
                <br />
              </>
            ))}
        </address>
        <table>
          <TableHead columns={["SKU", "Item", { label: "Pack", numeric: true }, "Packed"]} />
          <tbody>
            {order.lines
              .filter((l) => (left.get(l.sku) ?? 0) > 0)
              .map((l) => (
                <tr>
                  <td>{l.sku}</td>
                  <td>{titleOf(order, l.sku)}</td>
                  <td class="num">{left.get(l.sku)}</td>
                  <td>☐</td>
                </tr>
              ))}
          </tbody>
        </table>
        <p class="muted">Shipping method: {order.shippingMethod.name}.</p>
      </main>
    </Document>,
  );
}

async function toShipPage(c: Context<AppEnv>) {
  const listed = await listToShip(c.env.DB);
  const left = await leftToShip(
    c.env.DB,
    listed.map((o) => o.id),
  );
  const unitsLeft = (id: string) => [...(left.get(id)?.values() ?? [])].reduce((n, q) => n + q, 0);
  const orders = listed.filter((o) => unitsLeft(o.id) > 0);
  return adminHtml(
    c,
    <AdminLayout title="To ship" section="to-ship" notice={c.req.query("notice")}>
      <h1>To ship</h1>
      <p>Paid orders with units left to ship, oldest first.</p>
      <Wide>
        <table>
          <caption class="skip">Orders to ship</caption>
          <TableHead
            columns={[
              "Order",
              "Placed (UTC)",
              "Status",
              { label: "Units left", numeric: true },
              { label: "Packing slip", hidden: true },
            ]}
          />
          <tbody>
            {orders.map((o) => (
              <tr>
                <td>
                  <a href={pathOf(o.id)}>#{o.number}</a>
                </td>
                <td>{when(o.createdAt)}</td>
                <td>{o.status === "paid" ? "Paid" : "Partly shipped"}</td>
                <td class="num">{unitsLeft(o.id)}</td>
                <td>
                  <a href={`${pathOf(o.id)}/packing-slip`}>Packing slip</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
    </AdminLayout>,
  );
}

export const adminShipmentPages = new Hono<AppEnv>()
  .get("/admin/to-ship", (c) => toShipPage(c))
  .get("/admin/orders/:id/packing-slip", (c) => packingSlip(c));
