import type { Context } from "hono";
import type { CancelAnswer } from "../durable-objects/cart-contract";
import { findOrder } from "../src/orders/read";
import { refundFulfilled } from "../src/orders/refund";
import type { AppEnv } from "./app-env";
import { cancelOrderIn } from "./carts";
import { refundDeps } from "./deps";
import { deliverEmailsSoon } from "./emails/deliver";

/** What an admin does to an order, the same through the API and the back office. */

/**
 * Cancels a paid order for an admin through the very process a shopper's cancel runs: the cart
 * object of the order's shopper claims, refunds and restocks it, each step recorded and retried.
 * Null when there is no such order.
 */
export async function cancelAsAdmin(
  c: Context<AppEnv>,
  orderId: string,
): Promise<CancelAnswer | null> {
  const order = await findOrder(c.env.DB, orderId);
  if (!order) return null;
  const answer = await cancelOrderIn(c.env, order.shopperId, orderId);
  if (answer.kind === "cancelled") deliverEmailsSoon(c);
  return answer;
}

/** Refunds a fulfilled order for an admin (the API and the back office), and sends its email soon. */
export async function refundAsAdmin(c: Context<AppEnv>, orderId: string): Promise<void> {
  await refundFulfilled(refundDeps(c.env), orderId);
  deliverEmailsSoon(c);
}
