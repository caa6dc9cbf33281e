import type { Context } from "hono";
import { DRAIN_BATCH, type DrainReport, drainOutbox } from "../../src/emails/drain";
import { logEvent } from "../../src/log";
import type { AppEnv } from "../app-env";
import { emailDrainDeps } from "../deps";
import { deliverWebhooksSoon } from "../webhooks/outbound";

/**
 * Sends the order emails that are due through this Worker's provider: all of them (the cron, every
 * minute, which also retries failures as their backoff ends) or one order's, right after the
 * change that queued them.
 */
export async function deliverEmails(env: Env, orderId?: string): Promise<DrainReport> {
  return drainOutbox(emailDrainDeps(env), orderId === undefined ? {} : { orderId });
}

/** One order's emails now; a failure is logged and left to the cron. */
export async function deliverOrderEmails(env: Env, orderId: string): Promise<void> {
  await deliverEmails(env, orderId).catch((err: unknown) =>
    logEvent("email_delivery_failed", { order: orderId, error: String(err) }, "error"),
  );
}

const DRAIN_HANDOVER_MS = 15_000;
/**
 * When more emails were queued while a drain ran (a stream of checkouts), it waits this long
 * before it claims again, so each claim takes many orders' emails in its three round trips.
 */
const GATHER_MS = 200;

/** The drain this isolate runs for requests now, and whether emails were queued since it claimed. */
let soon: Promise<void> | null = null;
let queuedSince = false;

/**
 * The immediate attempt after a request queued an order's emails (a checkout paid, a cancel
 * done), once the answer is sent. One drain at a time per isolate sends what is due: a request
 * while it runs only asks it to look once more (after GATHER_MS), so a burst of checkouts costs a
 * few drains of up to 25 emails each, not one per order. If it fails or never runs, the cron sends them within a
 * minute.
 */
export function deliverEmailsSoon(c: Context<AppEnv>): void {
  c.executionCtx.waitUntil(drainSoon(c.env));
  // The change that queued the emails may have made webhook events too (see deliverWebhooksSoon).
  c.executionCtx.waitUntil(deliverWebhooksSoon(c.env));
}

function drainSoon(env: Env): Promise<void> {
  if (soon) {
    queuedSince = true;
    return soon;
  }
  soon = (async () => {
    try {
      // It runs in the first request's context, whose waitUntil lasts 30 s after its answer:
      // under steady load it hands over to a fresh drain (the next request's) well before that.
      const handOverAt = Date.now() + DRAIN_HANDOVER_MS;
      let full = false;
      do {
        queuedSince = false;
        const report = await deliverEmails(env).catch((err: unknown) => {
          logEvent("email_delivery_failed", { error: String(err) }, "error");
          return null;
        });
        // A full drain may have left more behind.
        full = report !== null && report.sent + report.retrying + report.failed >= DRAIN_BATCH;
        if (queuedSince && !full) await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
      } while ((queuedSince || full) && Date.now() < handOverAt);
    } finally {
      soon = null;
    }
  })();
  return soon;
}
