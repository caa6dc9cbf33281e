import { retryDelaySeconds } from "../../src/fulfillment/backoff";
import {
  FulfillmentMessageSchema,
  fulfillOrder,
  markFulfillmentFailed,
} from "../../src/fulfillment/fulfill";

/** The dead-letter queue: `fulfillment-dlq`, or `fulfillment-dlq-<environment>`. */
export const isDeadLetterQueue = (queue: string) => /^fulfillment-dlq(-|$)/.test(queue);

/**
 * The fulfillment consumer. Each message is acked or retried on its own, so one bad message never
 * makes a batch redeliver the good ones. A message that is not valid is retried like any failure,
 * and after `max_retries` lands in the dead-letter queue.
 */
export async function consumeFulfillment(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = FulfillmentMessageSchema.safeParse(message.body);
    try {
      if (!parsed.success) throw new Error("malformed fulfillment message");
      await fulfillOrder(env.DB, parsed.data.orderId);
      message.ack();
    } catch (err) {
      console.warn("fulfillment failed; retrying", message.id, message.attempts, String(err));
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
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
      console.error(
        "dead-lettered fulfillment message is malformed; dropped",
        message.id,
        message.body,
      );
      message.ack();
      continue;
    }
    try {
      await markFulfillmentFailed(env.DB, parsed.data.orderId);
      message.ack();
    } catch (err) {
      console.error("could not mark fulfillment_failed", parsed.data.orderId, err);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
