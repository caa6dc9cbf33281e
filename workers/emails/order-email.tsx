import { raw } from "hono/html";
import type { OrderEmailKind } from "../../src/db/schema";
import type { RenderedEmail } from "../../src/emails/drain";
import { formatMoney, type Money } from "../../src/money";
import type { StoredOrder } from "../../src/orders/read";
import type { BoughtCard } from "../../src/promotions/bought-cards";
import { orderTotalRows } from "../order-totals";
import { returnContent, shippedContent } from "./parcel-email";

/** What an email says, before it is text or HTML: both parts say exactly the same. */
interface EmailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
}

/** What the shopper calls the order: its number (`#1001`), or its id for one from before numbers. */
export const nameOf = (order: Pick<StoredOrder, "id" | "number">) =>
  order.number ? `#${order.number}` : order.id;

const eventOf = (order: StoredOrder, type: string) => order.events.find((e) => e.type === type);

type Format = (m: Money) => string;

function contentOf(
  kind: OrderEmailKind,
  order: StoredOrder,
  formatMoney: Format,
  giftCards: readonly BoughtCard[],
  ref: string,
): EmailContent {
  switch (kind) {
    case "gift_cards_issued":
      return {
        subject: `Your gift card${giftCards.length > 1 ? "s" : ""} from order ${nameOf(order)}`,
        heading: giftCards.length > 1 ? "Your gift cards" : "Your gift card",
        paragraphs: [
          ...giftCards.map(
            (c) => `${formatMoney({ amount: c.amount, currency: c.currency })}: ${c.code}`,
          ),
          "Type the code at checkout: it pays first, as much as it has left. Keep it safe: anyone with the code can spend it.",
        ],
      };
    case "order_confirmed":
      return {
        subject: `Order ${nameOf(order)} confirmed`,
        heading: "Thank you for your order",
        paragraphs: [
          `We have received your payment of ${formatMoney(order.total)} and are getting your order ready. We will write again when it ships.`,
        ],
      };
    case "order_shipped":
      return shippedContent(order, ref, nameOf(order));
    case "order_cancelled": {
      const refunded = eventOf(order, "refunded") !== undefined;
      return {
        subject: `Order ${nameOf(order)} cancelled${refunded ? " and refunded" : ""}`,
        heading: "Your order is cancelled",
        paragraphs: [
          "Your order was cancelled and nothing will be shipped.",
          refunded
            ? refundSentence(order)
            : eventOf(order, "refund_failed")
              ? "Your payment could not be refunded here; we are seeing to it and will write again when it is refunded."
              : "No payment was taken, so there is nothing to refund.",
        ],
      };
    }
    case "order_refunded":
      return {
        subject: `Order ${nameOf(order)} refunded`,
        heading: "Your refund is on its way",
        paragraphs: [refundSentence(order, ref)],
      };
    default:
      return returnContent(kind, order, ref, nameOf(order));
  }
}

/**
 * What a refund gave back, and where: the card's part, and the gift card's. `ref`: the refund
 * of the ledger the email is about; else (a cancel's email) all of the order's together.
 */
function refundSentence(order: StoredOrder, ref = ""): string {
  const card = order.giftCard;
  type Told = {
    refunded?: number;
    giftCardCredit?: number;
    keptForSpentGiftCards?: number;
    ledgerId?: string;
  };
  const refunds = order.events.filter((e) => e.type === "refunded") as Told[];
  const own = refunds.find((e) => e.ledgerId === ref);
  // A cancel's email tells of every refund of the order (one in the dashboard before it too).
  const told = own ? [own] : refunds;
  const sum = (f: (e: Told) => number | undefined) => told.reduce((n, e) => n + (f(e) ?? 0), 0);
  const event: Told | undefined =
    told.length === 0
      ? undefined
      : {
          refunded: sum((e) => e.refunded),
          giftCardCredit: sum((e) => e.giftCardCredit),
          keptForSpentGiftCards: sum((e) => e.keptForSpentGiftCards),
        };
  const m = (amount: number) => formatMoney({ amount, currency: order.currency });
  const toCard = event?.refunded ?? order.total.amount - (card?.amount.amount ?? 0);
  const toGiftCard =
    event?.refunded === undefined ? (card?.amount.amount ?? 0) : (event.giftCardCredit ?? 0);
  const parts = [
    ...(toCard > 0 ? [`${m(toCard)} to the card you paid with`] : []),
    ...(card && toGiftCard > 0 ? [`${m(toGiftCard)} to your gift card ending ${card.last4}`] : []),
  ];
  const kept = event?.keptForSpentGiftCards
    ? ` We kept ${m(event.keptForSpentGiftCards)}, what was already spent of the gift cards this order bought (they are now void).`
    : "";
  const delay = toCard > 0 ? " It can take a few business days to show on your statement." : "";
  return parts.length > 0
    ? `We refunded ${parts.join(" and ")}.${kept}${delay}`
    : `Nothing was refunded.${kept}`;
}

const lineTitle = (line: StoredOrder["lines"][number]) =>
  line.variantTitle ? `${line.title} (${line.variantTitle})` : line.title;

const addressLines = (order: StoredOrder) => {
  const a = order.shippingAddress;
  return [
    a.name,
    a.line1,
    a.line2,
    [a.city, a.region].filter(Boolean).join(", "),
    a.postalCode,
    a.country,
  ].filter((l): l is string => Boolean(l));
};

const LINK_LABEL = "View your order";

function renderText(content: EmailContent, order: StoredOrder, options: OrderEmailOptions): string {
  const { storeName, locale = "en-US", orderUrl } = options;
  const format: Format = (m) => formatMoney(m, locale);
  return [
    content.heading,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    ...(orderUrl ? [`${LINK_LABEL} (no sign-in needed): ${orderUrl}`, ""] : []),
    `Order ${nameOf(order)}`,
    ...order.lines.map(
      (l) => `  ${l.quantity} × ${lineTitle(l)} at ${format(l.unitPrice)}: ${format(l.lineTotal)}`,
    ),
    "",
    ...orderTotalRows(order, locale).map((row) => `${row.label}: ${row.value}`),
    "",
    "Shipping to:",
    ...addressLines(order).map((l) => `  ${l}`),
    "",
    `— ${storeName}`,
    "",
  ].join("\n");
}

const cell = { padding: "4px 8px", "text-align": "left" };
const num = { ...cell, "text-align": "right" };

/** Every value is interpolated by JSX, which escapes it: a product title is text, never markup. */
function EmailBody(props: {
  content: EmailContent;
  order: StoredOrder;
  options: OrderEmailOptions;
}) {
  const { content, order } = props;
  const { storeName, locale = "en-US", orderUrl } = props.options;
  const format: Format = (m) => formatMoney(m, locale);
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{content.subject}</title>
        </head>
        <body style={{ "font-family": "sans-serif", color: "#222", margin: "0", padding: "16px" }}>
          <h1 style={{ "font-size": "20px" }}>{content.heading}</h1>
          {content.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
          {orderUrl ? (
            <p>
              <a href={orderUrl}>{LINK_LABEL}</a> (no sign-in needed)
            </p>
          ) : null}
          <h2 style={{ "font-size": "16px" }}>Order {nameOf(order)}</h2>
          <table style={{ "border-collapse": "collapse" }}>
            <thead>
              <tr>
                <th style={cell}>Item</th>
                <th style={num}>Quantity</th>
                <th style={num}>Price</th>
                <th style={num}>Total</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr>
                  <td style={cell}>{lineTitle(l)}</td>
                  <td style={num}>{l.quantity}</td>
                  <td style={num}>{format(l.unitPrice)}</td>
                  <td style={num}>{format(l.lineTotal)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {orderTotalRows(order, locale).map(({ label, value }) => (
                <tr>
                  <th style={cell} colspan={3}>
                    {label}
                  </th>
                  <td style={num}>{value}</td>
                </tr>
              ))}
            </tfoot>
          </table>
          <h2 style={{ "font-size": "16px" }}>Shipping to</h2>
          <address>
            {addressLines(order).map((l, i) => (
              <>
                {i > 0 ? <br /> : null}
                {l}
              </>
            ))}
          </address>
          <p style={{ color: "#666" }}>{storeName}</p>
        </body>
      </html>
    </>
  );
}

export interface OrderEmailOptions {
  storeName: string;
  locale?: string;
  /** The cards the order bought (a `gift_cards_issued` email), their codes in full. */
  giftCards?: readonly BoughtCard[];
  /** What the email is about beyond its order and kind (a refund's id). */
  ref?: string;
  /** The order's page with its key (`src/orders/order-links.ts`), for a shopper not signed in. */
  orderUrl?: string | null;
}

/** An order email's subject, plain text and HTML. */
export async function renderOrderEmail(
  kind: OrderEmailKind,
  order: StoredOrder,
  options: OrderEmailOptions,
): Promise<RenderedEmail> {
  const { locale = "en-US", giftCards = [], ref = "" } = options;
  const rendered = async (cards: readonly BoughtCard[]) => {
    const content = contentOf(kind, order, (m) => formatMoney(m, locale), cards, ref);
    const html = await (<EmailBody content={content} order={order} options={options} />);
    return {
      subject: content.subject,
      text: renderText(content, order, options),
      html: html.toString(),
    };
  };
  const email = await rendered(giftCards);
  if (giftCards.length === 0) return email;
  // The outbox keeps the codes masked: only their fingerprints are ever stored.
  const masked = await rendered(
    giftCards.map((c) => ({ ...c, code: `GC-****-****-****-${c.last4}` })),
  );
  return { ...email, kept: { text: masked.text, html: masked.html } };
}
