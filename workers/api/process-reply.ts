import type { Context } from "hono";
import type { CheckoutReply } from "../../durable-objects/cart";

/** Sends an answer a cart process recorded (a checkout or a cancel) as it was recorded. */
export function replyWith(c: Context, reply: CheckoutReply) {
  const headers: Record<string, string> = {
    "content-type":
      reply.status >= 400 ? "application/problem+json" : "application/json; charset=utf-8",
  };
  if (reply.replayed) headers["idempotent-replayed"] = "true";
  return c.body(reply.body, reply.status as 200, headers);
}
