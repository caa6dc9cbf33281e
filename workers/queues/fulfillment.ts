import { retryDelaySeconds } from "../../src/fulfillment/backoff";
import {
  FulfillmentMessageSchema,
  fulfillOrder,
  markFulfillmentFailed,
} from "../../src/fulfillment/fulfill";
import { logEvent } from "../../src/log";
import { deliverEmails } from "../emails/deliver";

/** The dead-letter queue: `fulfillment-dlq`, or `fulfillment-dlq-<environment>`. */
export const isDeadLetterQueue = (queue: string) => /^fulfillment-dlq(-|$)/.test(queue);

/**
 * The fulfillment consumer. Each message is acked or retried on its own, so one bad message never
 * makes a batch redeliver the good ones. A message that is not valid is retried like any failure,
 * and after `max_retries` lands in the dead-letter queue.
 */
export async function consumeFulfillment(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const handled = new Set<string>();
  for (const message of batch.messages) {
    const parsed = FulfillmentMessageSchema.safeParse(message.body);
    try {
      if (!parsed.success) throw new Error("malformed fulfillment message");
      const outcome = await fulfillOrder(env.DB, parsed.data.orderId);
      logEvent("fulfillment", {
        order: parsed.data.orderId,
        outcome,
        attempts: message.attempts,
        requestId: parsed.data.requestId,
      });
      message.ack();
      handled.add(parsed.data.orderId);
    } catch (err) {
      logEvent(
        "fulfillment_failed",
        { message: message.id, attempts: message.attempts, error: String(err) },
        "warn",
      );
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
  // The orders' emails go out now, in one drain: confirmations, and the shipped ones.
  if (handled.size > 0) {
    await deliverEmails(env).catch((err: unknown) =>
      logEvent("email_delivery_failed", { error: String(err) }, "error"),
    );
  }
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
