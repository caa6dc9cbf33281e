import { hmacSha256 } from "../sha256-hex";
import { type GiftCardState, giftCardKey, giftCodeOf, normalGiftCode } from "./gift-card-authority";

/** A gift card bought in an order: its code, key and amount. */
export interface BoughtCard {
  code: string;
  key: string;
  last4: string;
  sku: string;
  amount: number;
  currency: string;
}

/**
 * The code of the `n`-th gift card unit of `sku` in an order: an HMAC of those with the store's
 * secret, so a retried step issues the same cards, and the email can show their codes without
 * any code being stored.
 */
async function boughtCode(secret: string, orderId: string, sku: string, n: number) {
  const mac = await hmacSha256(secret, `gift-card:${orderId}:${sku}:${n}`);
  return giftCodeOf(new Uint8Array(mac));
}

/** The gift cards an order's gift card lines buy: one per unit, of its unit price. */
export async function boughtCardsOf(
  secret: string,
  order: {
    id: string;
    currency: string;
    lines: readonly { sku: string; unitPrice: number; quantity: number; giftCard?: boolean }[];
  },
): Promise<BoughtCard[]> {
  const cards: BoughtCard[] = [];
  for (const line of order.lines) {
    // A card of nothing is not a card (a gift card's price is never 0 when made).
    if (!line.giftCard || line.unitPrice <= 0) continue;
    for (let n = 0; n < line.quantity; n++) {
      const code = await boughtCode(secret, order.id, line.sku, n);
      cards.push({
        code,
        key: await giftCardKey(code),
        last4: normalGiftCode(code).slice(-4),
        sku: line.sku,
        amount: line.unitPrice,
        currency: order.currency,
      });
    }
  }
  return cards;
}

/**
 * Issues an order's bought cards in their objects (each issue is idempotent) and answers the D1
 * statements of their directory rows, for the batch that marks the order paid.
 */
export async function issueBoughtCards(
  cards: readonly BoughtCard[],
  orderId: string,
  giftCards: (key: string) => { issue(currency: string, initial: number): Promise<GiftCardState> },
  db: D1Database,
): Promise<D1PreparedStatement[]> {
  await Promise.all(cards.map((c) => giftCards(c.key).issue(c.currency, c.amount)));
  return cards.map((c) =>
    db
      .prepare(
        `INSERT INTO gift_cards (key, last4, currency, initial_amount, source, order_id, note)
         VALUES (?, ?, ?, ?, 'order', ?, ?) ON CONFLICT (key) DO NOTHING`,
      )
      .bind(c.key, c.last4, c.currency, c.amount, orderId, `bought: ${c.sku}`),
  );
}

/**
 * The cards an order bought, with their codes, for its email: made again from the secret, each
 * line's units tried and those with a directory row kept (the rows say which lines were cards).
 */
export async function boughtCardsOfOrder(
  db: D1Database,
  secret: string,
  order: {
    id: string;
    currency: string;
    lines: readonly { sku: string; unitPrice: { amount: number }; quantity: number }[];
  },
): Promise<BoughtCard[]> {
  const { results } = await db
    .prepare("SELECT key FROM gift_cards WHERE order_id = ?")
    .bind(order.id)
    .all<{ key: string }>();
  const keys = new Set(results.map((r) => r.key));
  if (keys.size === 0) return [];
  const all = await boughtCardsOf(secret, {
    ...order,
    lines: order.lines.map((l) => ({ ...l, unitPrice: l.unitPrice.amount, giftCard: true })),
  });
  return all.filter((c) => keys.has(c.key));
}
