import { retryDelaySeconds } from "../../src/fulfillment/backoff";
import {
  FulfillmentMessageSchema,
  fulfillOrders,
  markFulfillmentFailed,
} from "../../src/fulfillment/fulfill";
import { logEvent } from "../../src/log";
import { fulfillDeps } from "../deps";
import { deliverEmails } from "../emails/deliver";
import { deliverWebhooksSoon } from "../webhooks/outbound";

/** The dead-letter queue: `fulfillment-dlq`, or `fulfillment-dlq-<environment>`. */
export const isDeadLetterQueue = (queue: string) => /^fulfillment-dlq(-|$)/.test(queue);

/**
 * The fulfillment consumer. The batch's orders are shipped in one D1 round trip, but each message
 * is acked or retried on its own: a malformed message, or one whose order does not exist, is
 * retried (and after `max_retries` lands in the dead-letter queue) without the good ones being
 * redelivered. Only a failure of the D1 batch itself retries them all.
 */
export async function consumeFulfillment(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const valid: { message: Message<unknown>; orderId: string; requestId?: string }[] = [];
  for (const message of batch.messages) {
    const parsed = FulfillmentMessageSchema.safeParse(message.body);
    if (parsed.success) valid.push({ message, ...parsed.data });
    else retry(message, "malformed fulfillment message");
  }
  let outcomes: Awaited<ReturnType<typeof fulfillOrders>>;
  try {
    outcomes = await fulfillOrders(
      fulfillDeps(env),
      valid.map((v) => v.orderId),
    );
  } catch (err) {
    for (const { message } of valid) retry(message, String(err));
    return;
  }
  const handled = new Set<string>();
  for (const { message, orderId, requestId } of valid) {
    const outcome = outcomes.get(orderId);
    if (outcome === undefined || outcome === "missing") {
      retry(message, `Error: order ${orderId} not found`);
      continue;
    }
    if (outcome instanceof Error) {
      retry(message, String(outcome));
      continue;
    }
    logEvent("fulfillment", {
      order: orderId,
      // The same order twice in one batch: the first message shipped it.
      outcome: handled.has(orderId) ? "already_done" : outcome,
      attempts: message.attempts,
      requestId,
    });
    message.ack();
    handled.add(orderId);
  }
  // The orders' emails go out now, in one drain: confirmations, and the shipped ones.
  if (handled.size > 0) {
    await Promise.all([
      deliverEmails(env).catch((err: unknown) =>
        logEvent("email_delivery_failed", { error: String(err) }, "error"),
      ),
      deliverWebhooksSoon(env),
    ]);
  }
}

function retry(message: Message<unknown>, error: string): void {
  logEvent(
    "fulfillment_failed",
    { message: message.id, attempts: message.attempts, error },
    "warn",
  );
  message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
}

/** The dead-letter consumer: the order becomes `fulfillment_failed`, visible to admins. */
export async function consumeFulfillmentDeadLetters(
  batch: MessageBatch<unknown>,
  env: Env,
): Promise<void> {
  for (const message of batch.messages) {
    const parsed = FulfillmentMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      logEvent("fulfillment_dead_letter_dropped", { message: message.id }, "error");
      message.ack();
      continue;
    }
    try {
      await markFulfillmentFailed(env.DB, parsed.data.orderId);
      logEvent("fulfillment_dead_lettered", { order: parsed.data.orderId }, "error");
      message.ack();
    } catch (err) {
      logEvent(
        "fulfillment_dead_letter_failed",
        { order: parsed.data.orderId, error: String(err) },
        "error",
      );
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
