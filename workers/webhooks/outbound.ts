import { logEvent } from "../../src/log";
import { adminViews, findOrders } from "../../src/orders/read";
import {
  DRAIN_BATCH,
  drainWebhooks,
  type WebhookDrainDeps,
  type WebhookDrainReport,
} from "../../src/webhooks/drain";

/** Sends the webhook deliveries that are due: the cron's every minute, and right after changes. */
export const deliverWebhooks = (env: Env): Promise<WebhookDrainReport> =>
  drainWebhooks(webhookDrainDeps(env));

export function webhookDrainDeps(env: Env): WebhookDrainDeps {
  return {
    db: env.DB,
    send: (url, init) => fetch(url, init),
    ordersById: async (ids) => adminViews(await findOrders(env.DB, ids)),
  };
}

/** The drain this isolate runs for requests now, and whether a change asked for one since. */
let soon: Promise<void> | null = null;
let askedSince = false;

/**
 * One drain at a time per isolate, after a request that may have made webhook events (they are
 * written by D1 triggers with the change): a request while it runs asks it to look once more.
 * Whatever it misses, the cron sends within a minute.
 */
export function deliverWebhooksSoon(env: Env): Promise<void> {
  if (soon) {
    askedSince = true;
    return soon;
  }
  soon = (async () => {
    try {
      let full = false;
      do {
        askedSince = false;
        const report = await deliverWebhooks(env).catch((err: unknown) => {
          logEvent("webhook_drain_failed", { error: String(err) }, "error");
          return null;
        });
        full = report !== null && report.delivered + report.retrying + report.failed >= DRAIN_BATCH;
      } while (askedSince || full);
    } finally {
      soon = null;
    }
  })();
  return soon;
}
