import { raw } from "hono/html";
import type { EmailKind } from "../../src/db/schema";
import type { RenderedEmail } from "../../src/emails/drain";
import { formatMoney, type Money } from "../../src/money";
import type { StoredOrder } from "../../src/orders/read";
import { orderTotalRows } from "../order-totals";

/** What an email says, before it is text or HTML: both parts say exactly the same. */
interface EmailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
}

const eventOf = (order: StoredOrder, type: string) => order.events.find((e) => e.type === type);

type Format = (m: Money) => string;

function contentOf(kind: EmailKind, order: StoredOrder, formatMoney: Format): EmailContent {
  switch (kind) {
    case "order_confirmed":
      return {
        subject: `Order ${order.id} confirmed`,
        heading: "Thank you for your order",
        paragraphs: [
          `We have received your payment of ${formatMoney(order.total)} and are getting your order ready. We will write again when it ships.`,
        ],
      };
    case "order_shipped": {
      const tracking = eventOf(order, "fulfilled")?.trackingNumber;
      return {
        subject: `Order ${order.id} has shipped`,
        heading: "Your order is on its way",
        paragraphs: [
          typeof tracking === "string"
            ? `It has shipped with tracking number ${tracking}.`
            : "It has shipped.",
        ],
      };
    }
    case "order_cancelled": {
      const refunded = eventOf(order, "refunded") !== undefined;
      return {
        subject: `Order ${order.id} cancelled${refunded ? " and refunded" : ""}`,
        heading: "Your order is cancelled",
        paragraphs: [
          "Your order was cancelled and nothing will be shipped.",
          refunded ? refundSentence(order) : "No payment was taken, so there is nothing to refund.",
        ],
      };
    }
    case "order_refunded":
      return {
        subject: `Order ${order.id} refunded`,
        heading: "Your refund is on its way",
        paragraphs: [refundSentence(order)],
      };
  }
}

/** What a full refund gave back, and where: the card's part, and the gift card's. */
function refundSentence(order: StoredOrder): string {
  const card = order.giftCard;
  const toCard = { ...order.total, amount: order.total.amount - (card?.amount.amount ?? 0) };
  const parts = [
    ...(toCard.amount > 0 ? [`${formatMoney(toCard)} to the card you paid with`] : []),
    ...(card ? [`${formatMoney(card.amount)} to your gift card ending ${card.last4}`] : []),
  ];
  const delay =
    toCard.amount > 0 ? " It can take a few business days to show on your statement." : "";
  return `We refunded ${parts.join(" and ")}.${delay}`;
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

function renderText(
  content: EmailContent,
  order: StoredOrder,
  storeName: string,
  locale: string,
): string {
  const format: Format = (m) => formatMoney(m, locale);
  return [
    content.heading,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    `Order ${order.id}`,
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
  storeName: string;
  locale: string;
}) {
  const { content, order, locale } = props;
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
          <h2 style={{ "font-size": "16px" }}>Order {order.id}</h2>
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
          <p style={{ color: "#666" }}>{props.storeName}</p>
        </body>
      </html>
    </>
  );
}

/** An order email's subject, plain text and HTML. */
export async function renderOrderEmail(
  kind: EmailKind,
  order: StoredOrder,
  storeName: string,
  locale = "en-US",
): Promise<RenderedEmail> {
  const content = contentOf(kind, order, (m) => formatMoney(m, locale));
  const html = await (
    <EmailBody content={content} order={order} storeName={storeName} locale={locale} />
  );
  return {
    subject: content.subject,
    text: renderText(content, order, storeName, locale),
    html: html.toString(),
  };
}
