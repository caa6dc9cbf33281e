import type { OrderEmailKind } from "../../src/db/schema";
import type { RenderedEmail } from "../../src/emails/drain";
import { formatMoney, type Money } from "../../src/money";
import type { StoredOrder } from "../../src/orders/read";
import type { BoughtCard } from "../../src/promotions/bought-cards";
import type { Theme } from "../../src/theme/theme";
import { orderTotalRows } from "../order-totals";
import { EmailBody } from "./email-layout";
import { returnContent, shippedContent } from "./parcel-email";

/** What an email says, before it is text or HTML: both parts say exactly the same. */
export interface EmailContent {
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
  const { locale = "en-US", orderUrl } = options;
  const storeName = options.theme?.storeName ?? options.storeName;
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

export interface OrderEmailOptions {
  storeName: string;
  /** The store's look (its name, colour and logo), for the HTML part. */
  theme?: Pick<Theme, "storeName" | "accentColor" | "logoUrl">;
  /** Each line's picture by sku, absolute (only uploaded pictures: clients do not show SVG). */
  pictures?: ReadonlyMap<string, string>;
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
    const html = await (
      <EmailBody
        content={content}
        order={order}
        options={options}
        lines={order.lines.map((l) => ({ ...l, title: lineTitle(l) }))}
        address={addressLines(order)}
        linkLabel={LINK_LABEL}
        orderName={nameOf(order)}
      />
    );
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
