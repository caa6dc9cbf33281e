import { lookupSkus } from "../cart/catalog-lookup";
import { knownSoldOut } from "../catalog/availability";
import { AppError, type FieldError } from "../errors";
import { shardFor } from "../inventory";
import { formatMoney, money } from "../money";
import type { NewOrder } from "../orders/repo";
import { shippingFor } from "../orders/shipping";
import { type CheckoutStep, refuse, totalOf } from "./moves";
import { insufficient } from "./record";

/**
 * The refusal of a cart with a line a hold found sold out in the last second, known without any
 * D1 read or stock-object call; null when none is.
 */
export function knownSoldOutRefusal(lines: readonly { sku: string }[]): AppError | null {
  const soldOut = knownSoldOut(lines.map((l) => l.sku));
  if (soldOut.length === 0) return null;
  return insufficient(
    soldOut.map((sku) => ({ path: `items.${sku}`, message: "only 0 available" })),
  );
}

/** Reprices the cart from the catalog in D1 (never from a cache) into the order to be paid. */
export const pricing: CheckoutStep = async ({ db, rules }, record) => {
  const req = record.request;
  if (req.lines.length === 0) return refuse(new AppError("cart_empty", "The cart is empty."));
  const soldOut = knownSoldOutRefusal(req.lines);
  if (soldOut) return refuse(soldOut);
  const catalog = await lookupSkus(
    db,
    req.lines.map((l) => l.sku),
  );
  const gone = req.lines.filter((l) => !catalog.get(l.sku)?.active);
  if (gone.length > 0) {
    return refuse(
      insufficient(
        gone.map((l) => ({ path: `items.${l.sku}`, message: "no longer sold: 0 available" })),
      ),
    );
  }
  const lines = req.lines.map((l) => {
    const info = catalog.get(l.sku);
    if (!info) throw new Error("unreachable: checked above");
    return {
      sku: l.sku,
      title: info.productTitle,
      variantTitle: info.variantTitle,
      unitPrice: info.priceAmount,
      quantity: l.quantity,
      lineTotal: info.priceAmount * l.quantity,
      shard: shardFor(req.shopperId, l.sku, info.shards),
    };
  });
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const shipping = shippingFor(subtotal, rules);
  const order: NewOrder = {
    id: record.id,
    shopperId: req.shopperId,
    email: req.email,
    shippingAddress: req.shippingAddress,
    currency: rules.currency,
    subtotal,
    shipping,
    total: subtotal + shipping,
    lines,
    createdAt: new Date().toISOString(),
  };
  const expected = req.expectedTotal;
  if (expected && (expected.amount !== order.total || expected.currency !== order.currency)) {
    return refuse(priceChanged(order, expected, catalog));
  }
  return { patch: { state: "holding", order } };
};

function priceChanged(
  order: NewOrder,
  expected: { amount: number; currency: string },
  catalog: Awaited<ReturnType<typeof lookupSkus>>,
): AppError {
  const errors: FieldError[] = order.lines.map((l) => ({
    path: `items.${l.sku}`,
    message: `now ${formatMoney(money(catalog.get(l.sku)?.priceAmount ?? 0, order.currency))} each`,
  }));
  const total = formatMoney(totalOf(order));
  return new AppError(
    "price_changed",
    `The total is now ${total}, not ${formatMoney(money(expected.amount, expected.currency))}. Nothing was charged; review the cart and check out again.`,
    errors,
  );
}
