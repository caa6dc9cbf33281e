// What the checkout page tells a shopper when the order did not go through.
import type { Context } from "hono";
import type { Problem } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { viewCart } from "../cart-in-market";

/** "Wool Socks (M): only 0 available", from the problem's `items.<sku>` paths and the cart's titles. */
async function soldOutNames(c: Context<AppEnv>, shopperId: string, problem: Problem) {
  const { cart } = await viewCart(c, shopperId);
  return (problem.errors ?? [])
    .map((e) => {
      const sku = e.path.replace(/^items\./, "");
      const item = cart.items.find((i) => i.sku === sku);
      return `${item ? `${item.title} (${item.variantTitle})` : sku}: ${e.message}`;
    })
    .join("; ");
}

/** What to tell the shopper when the checkout did not go through, in words they can act on. */
export async function alertFor(c: Context<AppEnv>, shopperId: string, problem: Problem) {
  switch (problem.code) {
    case "payment_declined":
      return "Your card was declined. Your cart is kept: try another card.";
    case "insufficient_stock":
      return `Sorry, some items just sold out: ${await soldOutNames(c, shopperId, problem)}. Please update your cart.`;
    case "shipping_unavailable":
      return "Nothing ships to that country from this shop, so nothing was charged. Choose another country.";
    case "market_mismatch":
      return `${problem.detail} Nothing was charged.`;
    case "price_changed":
      return `Prices changed while you were shopping, so nothing was charged. ${problem.detail.split(". ")[0]}. Check the new total below and place the order again.`;
    case "checkout_in_progress":
      return "This cart is already being checked out, perhaps in another tab. Wait a moment, then look at your orders.";
    case "checkout_interrupted":
      return "We could not finish your order on our side and undid it: nothing was charged and your cart is kept. Place the order again.";
    case "dependency_unavailable":
      return "We could not finish your order just now; it goes on by itself. Press Place order again in a few seconds to see how it ended: you will not be charged twice.";
    default:
      return problem.detail;
  }
}
