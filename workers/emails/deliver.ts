import type { Context } from "hono";
import { readConfig } from "../../src/config";
import { type DrainReport, drainOutbox } from "../../src/emails/drain";
import { emailProvider } from "../../src/emails/index";
import { logEvent } from "../../src/log";
import type { AppEnv } from "../app-env";
import { renderOrderEmail } from "./order-email";

/**
 * Sends the order emails that are due through this Worker's provider: all of them (the cron, every
 * minute, which also retries failures as their backoff ends) or one order's, right after the
 * change that queued them.
 */
export function deliverEmails(env: Env, orderId?: string): Promise<DrainReport> {
  const config = readConfig(env);
  return drainOutbox(
    {
      db: env.DB,
      provider: emailProvider(env),
      render: (kind, order) => renderOrderEmail(kind, order, config.emailFromName),
      from: { name: config.emailFromName, address: config.emailFrom },
      maxAttempts: config.emailMaxAttempts,
    },
    orderId === undefined ? {} : { orderId },
  );
}

/** One order's emails now; a failure is logged and left to the cron. */
export async function deliverOrderEmails(env: Env, orderId: string): Promise<void> {
  await deliverEmails(env, orderId).catch((err: unknown) =>
    logEvent("email_delivery_failed", { order: orderId, error: String(err) }, "error"),
  );
}

/**
 * The immediate attempt after a request queued an order's emails (a checkout paid, a cancel
 * done), once the answer is sent. If it fails or never runs, the cron sends them within a minute.
 */
export function deliverEmailsSoon(c: Context<AppEnv>, orderId: string): void {
  c.executionCtx.waitUntil(deliverOrderEmails(c.env, orderId));
}
