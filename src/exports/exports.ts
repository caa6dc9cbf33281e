import { minorDigits } from "../money";

/** Rows a query reads at a time. */
const PAGE = 500;

/** A decimal amount as a spreadsheet reads it: 1250 USD cents as 12.50, 1200 yen as 1200. */
export const decimal = (amount: number, currency: string) => {
  const digits = minorDigits(currency);
  return digits === 0 ? String(amount) : (amount / 10 ** digits).toFixed(digits);
};

export const PRODUCT_COLUMNS = [
  "product_slug",
  "title",
  "description",
  "category",
  "status",
  "option1_name",
  "option1_value",
  "option2_name",
  "option2_value",
  "option3_name",
  "option3_value",
  "sku",
  "variant_title",
  "price",
  "on_hand",
];

interface ProductRow {
  id: number;
  slug: string;
  title: string;
  description: string;
  category: string;
  status: string;
  axes: string;
  sku: string;
  variant_title: string;
  price_amount: number;
  variant_options: string;
  on_hand: number | null;
}

/** Every variant of every product (archived ones too), a row each, in product then variant order. */
export async function* productRows(db: D1Database, currency: string) {
  for (let after = 0; ; ) {
    const { results } = await db
      .prepare(
        `SELECT v.id, p.slug, p.title, p.description, c.slug AS category, p.status, p.options AS axes,
           v.sku, v.title AS variant_title, v.price_amount, v.options AS variant_options, s.on_hand
         FROM variants v JOIN products p ON p.seq = v.product_seq JOIN categories c ON c.id = p.category_id
         LEFT JOIN stock_levels s ON s.sku = v.sku
         WHERE v.id > ?1 ORDER BY v.id LIMIT ?2`,
      )
      .bind(after, PAGE)
      .all<ProductRow>();
    if (results.length === 0) return;
    yield results.map((r) => {
      const axes = JSON.parse(r.axes) as { name: string }[];
      const chosen = JSON.parse(r.variant_options) as Record<string, string>;
      const options = [0, 1, 2].flatMap((i) => {
        const name = axes[i]?.name;
        return name ? [name, chosen[name] ?? ""] : ["", ""];
      });
      return [
        r.slug,
        r.title,
        r.description,
        r.category,
        r.status,
        ...options,
        r.sku,
        r.variant_title,
        decimal(r.price_amount, currency),
        r.on_hand ?? 0,
      ];
    });
    after = results.at(-1)?.id ?? after;
  }
}

export const STOCK_COLUMNS = [
  "sku",
  "product_slug",
  "variant_title",
  "on_hand",
  "reserved",
  "available",
];

/** Every sku's stock as its objects last published it (seconds behind the authority at most). */
export async function* stockRows(db: D1Database) {
  for (let after = 0; ; ) {
    const { results } = await db
      .prepare(
        `SELECT v.id, v.sku, p.slug, v.title, coalesce(s.on_hand, 0) AS on_hand,
           coalesce(s.reserved, 0) AS reserved, coalesce(s.available, 0) AS available
         FROM variants v JOIN products p ON p.seq = v.product_seq LEFT JOIN stock_levels s ON s.sku = v.sku
         WHERE v.id > ?1 ORDER BY v.id LIMIT ?2`,
      )
      .bind(after, PAGE)
      .all<{
        id: number;
        sku: string;
        slug: string;
        title: string;
        on_hand: number;
        reserved: number;
        available: number;
      }>();
    if (results.length === 0) return;
    yield results.map((r) => [r.sku, r.slug, r.title, r.on_hand, r.reserved, r.available]);
    after = results.at(-1)?.id ?? after;
  }
}

export const ORDER_COLUMNS = [
  "order_id",
  "number",
  "created_at",
  "status",
  "email",
  "market",
  "currency",
  "items",
  "subtotal",
  "discount",
  "shipping",
  "tax",
  "gift_card",
  "total",
  "refunded",
];

interface OrderRow {
  id: string;
  number: number | null;
  created_at: string;
  status: string;
  email: string;
  market: string | null;
  currency: string;
  items: number;
  subtotal: number;
  discount_total: number;
  shipping: number;
  tax: number;
  gift_card_amount: number;
  total: number;
  refunded_total: number;
}

/** The orders placed on the UTC days `from` to `to`, oldest first, a row each. */
export async function* orderRows(db: D1Database, range: { from: string; to: string }) {
  for (let after = ""; ; ) {
    const { results } = await db
      .prepare(
        `SELECT o.id, o.number, o.created_at, o.status, o.email, o.market, o.currency,
           (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id) AS items,
           o.subtotal, o.discount_total, o.shipping, o.tax, o.gift_card_amount, o.total, o.refunded_total
         FROM orders o WHERE o.day BETWEEN ?1 AND ?2 AND (o.created_at || o.id) > ?3
         ORDER BY o.created_at, o.id LIMIT ?4`,
      )
      .bind(range.from, range.to, after, PAGE)
      .all<OrderRow>();
    if (results.length === 0) return;
    yield results.map((r) => [
      r.id,
      r.number,
      r.created_at,
      r.status,
      r.email,
      r.market,
      r.currency,
      r.items,
      decimal(r.subtotal, r.currency),
      decimal(r.discount_total, r.currency),
      decimal(r.shipping, r.currency),
      decimal(r.tax, r.currency),
      decimal(r.gift_card_amount, r.currency),
      decimal(r.total, r.currency),
      decimal(r.refunded_total, r.currency),
    ]);
    const last = results.at(-1);
    after = last ? `${last.created_at}${last.id}` : after;
  }
}
