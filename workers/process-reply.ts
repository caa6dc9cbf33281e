import type { Context } from "hono";
import type { CheckoutReply } from "../durable-objects/cart-contract";
import { stillRunning } from "../durable-objects/process-faults";
import { logEvent } from "../src/log";

/** Sends an answer a cart process recorded (a checkout or a cancel) as it was recorded. */
export function replyWith(c: Context, reply: CheckoutReply) {
  const headers: Record<string, string> = {
    ...reply.headers,
    "content-type":
      reply.status >= 400 ? "application/problem+json" : "application/json; charset=utf-8",
  };
  if (reply.replayed) headers["idempotent-replayed"] = "true";
  return c.body(reply.body, reply.status as 200, headers);
}

/**
 * Runs a call into a cart process. When the cart object itself fails under it (it was reset, or
 * the call was lost), the process's record, if one was written, is driven on by its alarm and the
 * same request sent again learns how it ended, as for a failed dependency (`stillRunning`).
 */
export async function reachProcess(call: () => Promise<CheckoutReply>): Promise<CheckoutReply> {
  try {
    return await call();
  } catch (err) {
    logEvent("cart_process_unreachable", { error: String(err) }, "warn");
    return stillRunning();
  }
}
