import type { CartLine } from "../cart/cart-view";
import { lookupSkus } from "../cart/catalog-lookup";
import { AppError, type FieldError } from "../errors";
import { newId } from "../ids";
import type { HoldResult } from "../inventory";
import { money } from "../money";
import {
  findOrder,
  insertOrderStatements,
  type NewOrder,
  recordEvent,
  shopperView,
  transitionOrder,
} from "../orders/repo";
import { shippingFor } from "../orders/shipping";
import type { PaymentProvider } from "../payments/provider";
import type { Order, ShippingAddress } from "../schemas/orders";

/** The calls checkout makes on one sku's InventoryObject. */
export interface StockAuthority {
  hold(holdId: string, quantity: number, ttlMs: number): Promise<HoldResult>;
  commit(holdId: string): Promise<HoldResult>;
  release(holdId: string): Promise<HoldResult>;
  restock(holdId: string): Promise<HoldResult>;
}

export interface CheckoutDeps {
  db: D1Database;
  stock: (sku: string) => StockAuthority;
  payments: PaymentProvider;
  enqueueFulfillment: (orderId: string) => Promise<void>;
  rules: { currency: string; shippingFlat: number; freeShippingOver: number; holdTtlMs: number };
}

export interface CheckoutRequest {
  shopperId: string;
  email: string;
  shippingAddress: ShippingAddress;
  paymentToken: string;
  lines: CartLine[];
}

/** What the shopper bought (to take out of the cart) and the order as the contract shows it. */
export interface CheckoutSuccess {
  order: Order;
  purchased: CartLine[];
}

export const holdIdFor = (orderId: string, sku: string) => `${orderId}/${sku}`;

/**
 * The checkout saga: reprice from D1, hold every line (all or nothing), write the order, charge,
 * mark it paid, commit the holds, enqueue fulfillment. A failing step undoes the earlier ones:
 * holds are released, a charge is refunded, the order is marked. Answers the paid order, or throws
 * an AppError for the shopper (409, 402) or any other error after compensating.
 */
export async function runCheckout(
  deps: CheckoutDeps,
  req: CheckoutRequest,
): Promise<CheckoutSuccess> {
  const { db, rules } = deps;
  if (req.lines.length === 0) throw new AppError("cart_empty", "The cart is empty.");

  const catalog = await lookupSkus(
    db,
    req.lines.map((l) => l.sku),
  );
  const gone = req.lines.filter((l) => !catalog.get(l.sku)?.active);
  if (gone.length > 0) {
    throw insufficient(
      gone.map((l) => ({ path: `items.${l.sku}`, message: "no longer sold: 0 available" })),
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
    };
  });
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const shipping = shippingFor(subtotal, rules);
  const order: NewOrder = {
    id: newId("ord"),
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
  const holds = lines.map((l) => ({
    sku: l.sku,
    holdId: holdIdFor(order.id, l.sku),
    quantity: l.quantity,
  }));
  const releaseAll = () =>
    Promise.allSettled(holds.map((h) => deps.stock(h.sku).release(h.holdId)));

  // Hold every line at once; any shortfall or failure releases all of them.
  const held = await Promise.allSettled(
    holds.map((h) => deps.stock(h.sku).hold(h.holdId, h.quantity, rules.holdTtlMs)),
  );
  const short: FieldError[] = [];
  let failure: unknown;
  held.forEach((result, i) => {
    if (result.status === "rejected") failure ??= result.reason;
    else if (!result.value.ok) {
      const available = result.value.reason === "insufficient" ? result.value.available : 0;
      short.push({ path: `items.${holds[i]?.sku}`, message: `only ${available} available` });
    }
  });
  if (failure !== undefined || short.length > 0) {
    await releaseAll();
    if (failure !== undefined) throw failure;
    throw insufficient(short);
  }

  try {
    await db.batch(insertOrderStatements(db, order));
  } catch (err) {
    await releaseAll();
    throw err;
  }

  const total = money(order.total, order.currency);
  const failPayment = async (type: string, data?: Record<string, unknown>) => {
    await releaseAll();
    await transitionOrder(db, order.id, ["pending_payment"], "payment_failed", {
      type,
      data,
    }).catch((err: unknown) => console.error("could not mark order payment_failed", order.id, err));
  };

  let paymentId: string;
  try {
    const auth = await deps.payments.authorize({
      amount: total,
      token: req.paymentToken,
      idempotencyKey: `${order.id}:authorize`,
    });
    if (!auth.ok) {
      await failPayment("payment_declined", { message: auth.message });
      throw new AppError("payment_declined", auth.message);
    }
    try {
      ({ paymentId } = await deps.payments.capture({
        authorizationId: auth.authorizationId,
        amount: total,
        idempotencyKey: `${order.id}:capture`,
      }));
    } catch (err) {
      await refund(deps, order.id, auth.authorizationId, total);
      throw err;
    }
  } catch (err) {
    if (!(err instanceof AppError)) await failPayment("payment_error");
    throw err;
  }

  try {
    await transitionOrder(
      db,
      order.id,
      ["pending_payment"],
      "paid",
      { type: "paid", data: { paymentId } },
      paymentId,
    );
  } catch (err) {
    await refund(deps, order.id, paymentId, total);
    await failPayment("payment_error");
    throw err;
  }

  const committed = await Promise.allSettled(holds.map((h) => deps.stock(h.sku).commit(h.holdId)));
  const lost = committed.flatMap((r, i) =>
    r.status === "fulfilled" && r.value.ok ? [] : [holds[i]],
  );
  if (lost.length > 0) {
    // A hold expired (or stock was cut) before the sale: never sell what is gone. Undo it all.
    await refund(deps, order.id, paymentId, total);
    await Promise.allSettled(
      holds.map((h, i) => {
        const result = committed[i];
        const stock = deps.stock(h.sku);
        return result?.status === "fulfilled" && result.value.ok
          ? stock.restock(h.holdId)
          : stock.release(h.holdId);
      }),
    );
    await transitionOrder(db, order.id, ["paid"], "cancelled", { type: "stock_lost" });
    throw insufficient(lost.map((h) => ({ path: `items.${h?.sku}`, message: "only 0 available" })));
  }

  await deps.enqueueFulfillment(order.id).catch(async (err: unknown) => {
    console.error("could not enqueue fulfillment", order.id, err);
    await recordEvent(db, order.id, { type: "fulfillment_enqueue_failed" });
  });

  const saved = await findOrder(db, order.id);
  if (!saved) throw new Error(`order ${order.id} vanished after payment`);
  return { order: shopperView(saved), purchased: req.lines };
}

function insufficient(errors: FieldError[]): AppError {
  return new AppError(
    "insufficient_stock",
    "Some items are not available in the quantity asked for.",
    errors,
  );
}

async function refund(
  deps: CheckoutDeps,
  orderId: string,
  paymentId: string,
  amount: ReturnType<typeof money>,
) {
  try {
    const { refundId } = await deps.payments.refund({
      paymentId,
      amount,
      idempotencyKey: `${orderId}:refund`,
    });
    await recordEvent(deps.db, orderId, { type: "refunded", data: { refundId } });
  } catch (err) {
    console.error("refund failed; needs a person", orderId, err);
    await recordEvent(deps.db, orderId, { type: "refund_failed" }).catch(() => {});
  }
}
