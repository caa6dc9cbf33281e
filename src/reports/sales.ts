import { type Money, money } from "../money";

/** An order's discounts on its lines (a free-shipping code's is the shipping's, not the goods'). */
const LINE_DISCOUNTS =
  "(SELECT coalesce(sum(l.discount), 0) FROM order_lines l WHERE l.order_id = orders.id)";

/** An order's merchandise revenue less its refunds, never below zero (a refund may hold shipping and tax). */
const NET = `max(0, subtotal - ${LINE_DISCOUNTS} - refunded_total)`;

/** Orders that count as sales: cancelled and failed ones do not. */
const SOLD = "('paid', 'partially_fulfilled', 'fulfilled', 'fulfillment_failed')";

export interface SalesReport {
  from: string;
  to: string;
  /** The currency of every figure below: only orders in it count (USD is never added to EUR). */
  currency: string;
  /** Every currency with sales in the range, for a report in each. */
  currencies: { currency: string; orders: number; revenue: Money }[];
  orders: number;
  unitsSold: number;
  /** Merchandise revenue net of discounts and of refunds. */
  revenue: Money;
  /** What was refunded of these orders, from every source (shipping and tax included). */
  refunds: Money;
  byDay: { date: string; orders: number; revenue: Money; refunds: Money }[];
  /** The best-selling skus, with the product title their order lines were sold under. */
  topSkus: { sku: string; title: string; units: number; revenue: Money }[];
}

/**
 * Sales in `currency` between two UTC days, inclusive. Revenue is merchandise revenue net of
 * discounts and refunds (order subtotals less their discounts, without shipping; with the tax
 * they contain where prices include it; less what was refunded of each order, never below zero
 * for one order, as a refund may give back shipping and tax too), and each line's share of the
 * discounts comes off its sku's revenue (the top skus' revenue is before refunds). A free-shipping code's discount is the shipping's, so
 * it comes off neither. Range scans use the (status, day) index: three short seeks, one
 * per counted status.
 */
export async function salesReport(
  db: D1Database,
  range: { from: string; to: string },
  currency: string,
  topLimit = 10,
): Promise<SalesReport> {
  const [days, units, top, currencies] = await db.batch([
    db
      .prepare(
        `SELECT day AS date, count(*) AS orders, sum(${NET}) AS revenue, sum(refunded_total) AS refunds FROM orders
         WHERE day BETWEEN ?1 AND ?2 AND status IN ${SOLD} AND currency = ?3
         GROUP BY day ORDER BY day`,
      )
      .bind(range.from, range.to, currency),
    db
      .prepare(
        `SELECT coalesce(sum(l.quantity), 0) AS units FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.day BETWEEN ?1 AND ?2 AND o.status IN ${SOLD} AND o.currency = ?3`,
      )
      .bind(range.from, range.to, currency),
    db
      .prepare(
        `SELECT l.sku, max(l.title) AS title, sum(l.quantity) AS units, sum(l.line_total - l.discount) AS revenue
         FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.day BETWEEN ?1 AND ?2 AND o.status IN ${SOLD} AND o.currency = ?4
         GROUP BY l.sku ORDER BY units DESC, revenue DESC, l.sku LIMIT ?3`,
      )
      .bind(range.from, range.to, topLimit, currency),
    db
      .prepare(
        `SELECT currency, count(*) AS orders, sum(${NET}) AS revenue FROM orders
         WHERE day BETWEEN ?1 AND ?2 AND status IN ${SOLD} GROUP BY currency ORDER BY currency`,
      )
      .bind(range.from, range.to),
  ]);
  const byDay = (
    (days?.results ?? []) as { date: string; orders: number; revenue: number; refunds: number }[]
  ).map((d) => ({
    date: d.date,
    orders: d.orders,
    revenue: money(d.revenue, currency),
    refunds: money(d.refunds, currency),
  }));
  return {
    from: range.from,
    to: range.to,
    currency,
    currencies: (
      (currencies?.results ?? []) as { currency: string; orders: number; revenue: number }[]
    ).map((r) => ({
      currency: r.currency,
      orders: r.orders,
      revenue: money(r.revenue, r.currency),
    })),
    orders: byDay.reduce((n, d) => n + d.orders, 0),
    unitsSold: ((units?.results ?? [])[0] as { units: number } | undefined)?.units ?? 0,
    revenue: money(
      byDay.reduce((n, d) => n + d.revenue.amount, 0),
      currency,
    ),
    refunds: money(
      byDay.reduce((n, d) => n + d.refunds.amount, 0),
      currency,
    ),
    byDay,
    topSkus: (
      (top?.results ?? []) as { sku: string; title: string; units: number; revenue: number }[]
    ).map((t) => ({
      sku: t.sku,
      title: t.title,
      units: t.units,
      revenue: money(t.revenue, currency),
    })),
  };
}
