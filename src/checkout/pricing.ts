import { lookupSkus } from "../cart/catalog-lookup";
import { knownSoldOut } from "../catalog/availability";
import { createDb } from "../db/client";
import { AppError, type FieldError, validationFailed } from "../errors";
import { shardFor } from "../inventory";
import { queryMarketSet } from "../markets/load";
import { type Market, marketById, priceListOf } from "../markets/market";
import { marketMismatch } from "../markets/mismatch";
import { type ShippingOption, shippingOptions } from "../markets/shipping";
import { taxRatesAt, totalsOf } from "../markets/totals";
import { formatMoney, money } from "../money";
import type { NewOrder } from "../orders/repo";
import { redeemerOf } from "../promotions/authority";
import { findDiscount } from "../promotions/discount-store";
import { type CartDiscounts, discountCart } from "../promotions/engine";
import type { Promotion } from "../promotions/rule";
import { type CheckoutStep, refuse, totalOf } from "./moves";
import { type CheckoutRecord, insufficient } from "./record";

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

/**
 * Reprices the cart from the catalog and the markets in D1 (never from a cache) into the order to
 * be paid: the lines at the cart's market's prices, the shipping method chosen (or the cheapest)
 * for the address's country, and the tax of that place, with one function, `totalsOf`, as the
 * cart view.
 */
export const pricing: CheckoutStep = async ({ db, rules }, record) => {
  const req = record.request;
  if (req.lines.length === 0) return refuse(new AppError("cart_empty", "The cart is empty."));
  const soldOut = knownSoldOutRefusal(req.lines);
  if (soldOut) return refuse(soldOut);
  const set = await queryMarketSet(db, rules.fallback);
  const market = marketById(set, req.market ?? set.defaultId);
  if (!market) {
    return refuse(
      new AppError(
        "market_mismatch",
        "This cart's market is no longer sold in. Nothing was charged; review the cart and check out again.",
      ),
    );
  }
  const catalog = await lookupSkus(
    db,
    req.lines.map((l) => l.sku),
    priceListOf(set, market),
  );
  const unpriced = req.lines.filter(
    (l) => catalog.get(l.sku)?.listed && !catalog.get(l.sku)?.active,
  );
  if (unpriced.length > 0) {
    return refuse(
      marketMismatch(
        unpriced.map((l) => l.sku),
        market.name,
      ),
    );
  }
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
      taxClass: info.giftCard ? ("zero" as const) : info.taxClass,
      category: info.category,
      ...(info.giftCard ? { giftCard: true } : {}),
    };
  });
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const address = req.shippingAddress;
  const options = shippingOptions(set, market, address.country, subtotal);
  const shipping =
    req.shippingMethod === undefined
      ? options[0]
      : options.find((o) => o.method.id === req.shippingMethod);
  if (!shipping) return refuse(noShipping(market, address.country, options));
  const discounted = await discountsOfCheckout(
    db,
    req,
    market,
    set.promotions,
    lines,
    shipping.price,
  );
  if ("error" in discounted) return refuse(discounted.error);
  const applied = discounted.discounts;
  const totals = totalsOf({
    lines: lines.map((l, i) => ({
      amount: l.lineTotal,
      discount: applied.lineDiscounts[i] ?? 0,
      taxClass: l.taxClass,
    })),
    shipping: {
      amount: shipping.price,
      discount: applied.shippingDiscount,
      taxClass: shipping.method.taxClass,
    },
    rates: taxRatesAt(set.rates, address.country, address.region),
    pricesIncludeTax: market.pricesIncludeTax,
  });
  const order: NewOrder = {
    id: record.id,
    shopperId: req.shopperId,
    email: req.email,
    shippingAddress: address,
    origin: req.origin,
    market: market.id,
    currency: market.currency,
    subtotal,
    discountTotal: totals.discountTotal,
    discounts: applied.applied.map((d) => ({ code: d.code, title: d.title, amount: d.amount })),
    ...(discounted.redemption ? { redemption: discounted.redemption } : {}),
    shipping: shipping.price,
    tax: totals.tax,
    taxLines: totals.taxLines,
    pricesIncludeTax: market.pricesIncludeTax,
    shippingMethod: { id: shipping.method.id, name: shipping.method.name },
    total: totals.total,
    lines: lines.map(({ taxClass: _, category: __, ...line }, i) => ({
      ...line,
      discount: applied.lineDiscounts[i] ?? 0,
      tax: totals.lineTaxes[i] ?? 0,
    })),
    createdAt: new Date().toISOString(),
  };
  const expected = req.expectedTotal;
  if (expected && (expected.amount !== order.total || expected.currency !== order.currency)) {
    return refuse(priceChanged(order, expected, catalog));
  }
  // Straight to the first hold there is to make: a plain checkout skips the code's and the card's steps.
  const next = order.redemption ? "redeeming" : req.giftCard ? "spending" : "holding";
  return { patch: { state: next, order } };
};

/**
 * The order's discounts, by the one function the cart view uses: the automatic promotions read
 * with the market set, then the cart's code as D1 defines it now, refused (nothing done yet) when
 * it is gone or no longer applies. Every applied code's use goes through its authority.
 */
async function discountsOfCheckout(
  db: D1Database,
  req: CheckoutRecord["request"],
  market: Market,
  promotions: readonly Promotion[],
  lines: readonly {
    sku: string;
    category: string;
    unitPrice: number;
    quantity: number;
    giftCard?: boolean;
  }[],
  shipping: number,
): Promise<
  { discounts: CartDiscounts; redemption?: NewOrder["redemption"] } | { error: AppError }
> {
  const definition = req.discountCode ? await findDiscount(createDb(db), req.discountCode) : null;
  if (req.discountCode && !definition) {
    return {
      error: new AppError(
        "discount_not_applicable",
        `The code ${req.discountCode} no longer exists. Nothing was charged; remove it from the cart.`,
        [{ path: "code", message: "no longer exists" }],
      ),
    };
  }
  const discounts = discountCart(
    { market, lines, shipping, now: Date.now() },
    promotions,
    definition,
  );
  if (discounts.codeError) return { error: discounts.codeError };
  if (!definition) return { discounts };
  return {
    discounts,
    redemption: {
      code: definition.code,
      redeemer: redeemerOf(req.shopperId, req.email),
      usageLimit: definition.usageLimit,
      perCustomerLimit: definition.perCustomerLimit,
    },
  };
}

/** Nothing ships to the country (409), or the method asked for does not ship there (400). */
function noShipping(market: Market, country: string, options: readonly ShippingOption[]): AppError {
  if (options.length === 0) {
    return new AppError(
      "shipping_unavailable",
      `Nothing ships to ${country} from ${market.name}. Nothing was charged.`,
      [{ path: "shippingAddress.country", message: `no shipping to ${country}` }],
    );
  }
  return validationFailed([
    {
      path: "shippingMethod",
      message: `does not ship to ${country}; one of: ${options.map((o) => o.method.id).join(", ")}`,
    },
  ]);
}

function priceChanged(
  order: NewOrder,
  expected: { amount: number; currency: string },
  catalog: Awaited<ReturnType<typeof lookupSkus>>,
): AppError {
  const errors: FieldError[] = order.lines.map((l) => ({
    path: `items.${l.sku}`,
    message: `now ${formatMoney(money(catalog.get(l.sku)?.priceAmount ?? 0, order.currency))} each`,
  }));
  const m = (amount: number) => formatMoney(money(amount, order.currency));
  const tax = order.pricesIncludeTax ? "" : ` + tax ${m(order.tax ?? 0)}`;
  const total = `${formatMoney(totalOf(order))} (${m(order.subtotal)} + shipping ${m(order.shipping)}${tax})`;
  return new AppError(
    "price_changed",
    `The total is now ${total}, not ${formatMoney(money(expected.amount, expected.currency))}. Nothing was charged; review the cart and check out again.`,
    errors,
  );
}
