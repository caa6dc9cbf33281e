import { logEvent } from "../src/log";
import { app } from "./app";
import { deliverEmails } from "./emails/deliver";
import {
  consumeFulfillment,
  consumeFulfillmentDeadLetters,
  isDeadLetterQueue,
} from "./queues/fulfillment";
import { runSweep } from "./scheduled/sweep";
import { deliverWebhooks } from "./webhooks/outbound";

export { CartObject } from "../durable-objects/cart";
export { DiscountObject } from "../durable-objects/discount";
export { GiftCardObject } from "../durable-objects/gift-card";
export { InventoryObject } from "../durable-objects/inventory";

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (isDeadLetterQueue(batch.queue)) await consumeFulfillmentDeadLetters(batch, env);
    else await consumeFulfillment(batch, env);
  },
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runSweep(env));
    ctx.waitUntil(
      deliverEmails(env).then(
        (report) => logEvent("emails", { ...report }),
        // Emails stay queued (a provider refused in production, say) and are tried next minute.
        (err: unknown) => logEvent("email_delivery_failed", { error: String(err) }, "error"),
      ),
    );
    ctx.waitUntil(
      deliverWebhooks(env).then(
        (report) => logEvent("webhooks", { ...report }),
        (err: unknown) => logEvent("webhook_drain_failed", { error: String(err) }, "error"),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
