import type { OrderEmailKind } from "../../src/db/schema";
import type { StoredOrder } from "../../src/orders/read";

const lineTitle = (line: StoredOrder["lines"][number]) =>
  line.variantTitle ? `${line.title} (${line.variantTitle})` : line.title;

/** The email of a parcel that left (`ref`: its shipment), or of an order shipped before parcels. */
export function shippedContent(order: StoredOrder, ref: string, name: string) {
  const parcel = order.shipments.find((s) => s.id === ref);
  if (!parcel) {
    const tracking = order.events.find((e) => e.type === "fulfilled")?.trackingNumber;
    return {
      subject: `Order ${name} has shipped`,
      heading: "Your order is on its way",
      paragraphs: [
        typeof tracking === "string"
          ? `It has shipped with tracking number ${tracking}.`
          : "It has shipped.",
      ],
    };
  }
  const last = order.status === "fulfilled" && parcel.number === order.shipments.length;
  const which =
    last && parcel.number === 1
      ? " has shipped"
      : `: ${last ? "the last parcel" : `parcel ${parcel.number}`} has shipped`;
  return {
    subject: `Order ${name}${which}`,
    heading: "Your order is on its way",
    paragraphs: shipmentParagraphs(order, parcel),
  };
}

/** What a parcel holds and how to follow it; what is still to come, if anything. */
function shipmentParagraphs(order: StoredOrder, parcel: StoredOrder["shipments"][number]) {
  const titleOf = (sku: string) => {
    const line = order.lines.find((l) => l.sku === sku);
    return line ? lineTitle(line) : sku;
  };
  const contents = parcel.lines.map((l) => `${l.quantity} × ${titleOf(l.sku)}`).join(", ");
  const carrier = parcel.carrier ? ` with ${parcel.carrier}` : "";
  const tracking = parcel.trackingNumber ? `, tracking number ${parcel.trackingNumber}` : "";
  return [
    `Parcel ${parcel.number} has shipped${carrier}${tracking}: ${contents}.`,
    ...(parcel.trackingUrl ? [`Follow it at ${parcel.trackingUrl}`] : []),
    ...(parcel.source === "simulated"
      ? ["(A simulated parcel: this shop is in development.)"]
      : []),
    ...(order.status === "fulfilled" && parcel.number === order.shipments.length
      ? []
      : ["The rest of your order follows in another parcel."]),
  ];
}

type ReturnKind = Extract<OrderEmailKind, `return_${string}`>;

interface ReturnEvent {
  returnId?: string;
  number?: number;
  lines?: { sku: string; quantity: number }[];
  note?: string | null;
  restock?: number | null;
}

/**
 * What a step of a return tells the shopper, from the step's event (`ref` is the return's id):
 * which units, and what happens next.
 */
export function returnContent(kind: ReturnKind, order: StoredOrder, ref: string, name: string) {
  const event = order.events.find((e) => e.type === kind && (e as ReturnEvent).returnId === ref) as
    | ReturnEvent
    | undefined;
  const units = (event?.lines ?? [])
    .map((l) => {
      const line = order.lines.find((x) => x.sku === l.sku);
      const title = line
        ? `${line.title}${line.variantTitle ? ` (${line.variantTitle})` : ""}`
        : l.sku;
      return `${l.quantity} × ${title}`;
    })
    .join(", ");
  const which = `Return ${event?.number ? `#${event.number} ` : ""}of order ${name}`;
  const note = event?.note ? [`A word from us: ${event.note}`] : [];
  switch (kind) {
    case "return_requested":
      return {
        subject: `${which}: requested`,
        heading: "We have your return request",
        paragraphs: [`You asked to return ${units}. We will write once we have looked at it.`],
      };
    case "return_approved":
      return {
        subject: `${which}: approved`,
        heading: "Your return is approved",
        paragraphs: [
          `Please send back ${units}, with your order number ${name} in the parcel. We refund them once they arrive.`,
          ...note,
        ],
      };
    case "return_refused":
      return {
        subject: `${which}: not accepted`,
        heading: "We cannot accept this return",
        paragraphs: [`We cannot take back ${units}.`, ...note],
      };
    default:
      return {
        subject: `${which}: received`,
        heading: "Your return has arrived",
        paragraphs: [
          `We have received ${units}. Their refund follows in a separate email.`,
          ...note,
        ],
      };
  }
}
