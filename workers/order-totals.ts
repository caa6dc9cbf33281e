import { formatMoney, formatRate } from "../src/money";
import type { Order } from "../src/schemas/orders";

/** One row under an order's lines: "Shipping (Express)", "€12.90". */
export interface TotalRow {
  label: string;
  value: string;
  /** The total itself. */
  total?: boolean;
}

/**
 * The totals under an order's lines, in its market's locale, as its page and its emails show
 * them: tax added above the total, or the tax the total includes below it.
 */
export function orderTotalRows(order: Omit<Order, "events">, locale: string): TotalRow[] {
  const format = (m: { amount: number; currency: string }) => formatMoney(m, locale);
  const taxes = order.taxLines.map((t) => ({
    label: `${order.pricesIncludeTax ? "Includes " : ""}${t.name} ${formatRate(t.rate, locale)}`,
    value: format(t.amount),
  }));
  return [
    { label: "Subtotal", value: format(order.subtotal) },
    ...order.discounts.map((d) => ({
      label: d.code ? `Discount ${d.code} (${d.title})` : d.title,
      value: `−${format(d.amount)}`,
    })),
    {
      label: "Shipping",
      value: `${order.shipping.amount === 0 ? "Free" : format(order.shipping)} (${order.shippingMethod.name})`,
    },
    ...(order.pricesIncludeTax ? [] : taxes),
    { label: "Total", value: format(order.total), total: true },
    ...(order.pricesIncludeTax ? taxes : []),
    ...(order.giftCard
      ? [
          {
            label: `Paid by gift card ending ${order.giftCard.last4}`,
            value: format(order.giftCard.amount),
          },
          {
            label: "Paid by card",
            value: format({
              ...order.total,
              amount: order.total.amount - order.giftCard.amount.amount,
            }),
          },
        ]
      : []),
    ...(order.refundedTotal.amount > 0
      ? [
          { label: "Refunded", value: `−${format(order.refundedTotal)}` },
          { label: "Net", value: format(order.netTotal) },
        ]
      : []),
  ];
}
