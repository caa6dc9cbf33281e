import { allocate } from "../promotions/allocate";

/** What a refund by lines needs of each line of the order. */
export interface RefundableLine {
  sku: string;
  quantity: number;
  lineTotal: number;
  /** The line's share of the order's discounts. */
  discount: number;
  /** The line's tax (after its discount); contained in it where prices include tax. */
  tax: number;
}

export interface RefundableOrder {
  total: number;
  pricesIncludeTax: boolean;
  lines: readonly RefundableLine[];
}

/**
 * What each line is worth of the order's total, all of it: the line after its discounts, plus
 * its tax where tax is added, plus its share of the rest of the total (the shipping after its
 * discount, with its tax), allocated over the lines by what they cost after discounts. The
 * values add up to the total exactly.
 */
export function lineValues(order: RefundableOrder): number[] {
  const own = order.lines.map(
    (l) => l.lineTotal - l.discount + (order.pricesIncludeTax ? 0 : l.tax),
  );
  const rest = Math.max(0, order.total - own.reduce((a, v) => a + v, 0));
  const shares = allocate(
    rest,
    order.lines.map((l) => l.lineTotal - l.discount),
  );
  return own.map((v, i) => v + (shares[i] ?? 0));
}

/**
 * What refunding `units` (sku → quantity) costs, when `before` (sku → quantity) were refunded by
 * line already: of each line, its value times the units refunded so far over its quantity,
 * rounded down, less the same for `before`. Refunding every unit, in any number of refunds,
 * adds up to each line's whole value, so all the lines together to the order's total.
 */
export function amountForUnits(
  order: RefundableOrder,
  before: ReadonlyMap<string, number>,
  units: ReadonlyMap<string, number>,
): number {
  const values = lineValues(order);
  return order.lines.reduce((sum, line, i) => {
    const value = values[i] ?? 0;
    const was = before.get(line.sku) ?? 0;
    const now = was + (units.get(line.sku) ?? 0);
    const upTo = (q: number) => Math.floor((value * q) / line.quantity);
    return sum + upTo(now) - upTo(was);
  }, 0);
}
