import type { Context } from "hono";
import { looksLikeOrderKey, orderKeyOpens } from "../../src/orders/order-links";
import { findOrder } from "../../src/orders/read";
import type { AppEnv } from "../app-env";
import { currentShopper } from "./session";

/**
 * The order a visitor may see and ask returns of: their own (by their session), or the one whose
 * link key (`?key=`, from its emails) they hold. Any other is null, answered as one that does not
 * exist. `key` is set when the link, not the session, opened it: the page's own links carry it.
 */
export async function visibleOrder(c: Context<AppEnv>, orderId: string) {
  const shopper = await currentShopper(c);
  const own = shopper ? await findOrder(c.env.DB, orderId, shopper.id) : null;
  if (own) return { order: own, shopper, key: undefined };
  const key = c.req.query("key");
  if (!key || !looksLikeOrderKey(key)) return null;
  const order = await findOrder(c.env.DB, orderId);
  return order && (await orderKeyOpens(c.env.JWT_SECRET, order, key))
    ? { order, shopper, key }
    : null;
}

/** A path of the order's pages, with the link's key when the link opened it. */
export const orderPath = (orderId: string, key: string | undefined, rest = "") =>
  `/orders/${orderId}${rest}${key ? `?key=${encodeURIComponent(key)}` : ""}`;
