import { logEvent } from "../log";
import { signatureHeader } from "../signature";

export interface WebhookDrainDeps {
  db: D1Database;
  /** Posts a delivery (the Workers runtime's `fetch`; a recording one in tests). */
  send: (url: string, init: RequestInit) => Promise<Response>;
  /** The orders' current state as admins see them, for the `data.order` of order events. */
  ordersById: (orderIds: string[]) => Promise<Map<string, unknown>>;
  now?: () => number;
}

/** A claimed delivery is its drain's for this long; after that another drain takes it over. */
export const LEASE_MS = 60_000;
/** The most deliveries one drain claims. */
export const DRAIN_BATCH = 25;
/** Attempts before a delivery is `failed` (a resend counts afresh): about 19 hours of retries. */
export const MAX_ATTEMPTS = 12;
/** How long an endpoint has to answer. */
export const TIMEOUT_MS = 10_000;

/** 30 s, 1 min, 2 min, … doubling up to 6 hours between attempts. */
export const retryDelayMs = (attempts: number) =>
  Math.min(6 * 3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

export interface WebhookDrainReport {
  delivered: number;
  retrying: number;
  failed: number;
}

interface Claimed {
  id: number;
  event_id: string;
  endpoint_id: string;
  attempts: number;
}

interface EventRow {
  id: string;
  type: string;
  order_id: string | null;
  data: string | null;
  body: string | null;
  created_at: string;
}

interface Outcome {
  id: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  attempts: number;
}

/**
 * Sends the deliveries that are due: claimed together (`pending` → `sending` with a lease, one
 * statement, so two drains never hold the same one; a paused endpoint's wait), their events'
 * bodies frozen the first time
 * (one round trip), posted in parallel with a signature, and the outcomes written in one batch:
 * `delivered` on any 2xx, otherwise `pending` again after a backoff, or `failed` after
 * MAX_ATTEMPTS. A drain that dies after posting leaves its deliveries `sending`; once the lease
 * is over the next drain posts them again, with the same event id (`webhook-id`) for the receiver
 * to deduplicate: delivery is at least once.
 */
export async function drainWebhooks(deps: WebhookDrainDeps): Promise<WebhookDrainReport> {
  const report: WebhookDrainReport = { delivered: 0, retrying: 0, failed: 0 };
  const now = deps.now ?? Date.now;
  const leaseId = crypto.randomUUID();
  const { results: claimed } = await deps.db
    .prepare(
      `UPDATE webhook_deliveries
       SET status = 'sending', lease_id = ?1, lease_until = ?2, attempts = attempts + 1
       WHERE id IN (
         SELECT d.id FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.disabled_at IS NULL
         WHERE (d.status = 'pending' AND d.next_attempt_at <= ?3)
            OR (d.status = 'sending' AND d.lease_until < ?3)
         ORDER BY d.next_attempt_at, d.id LIMIT ?4)
       RETURNING id, event_id, endpoint_id, attempts`,
    )
    .bind(leaseId, now() + LEASE_MS, now(), DRAIN_BATCH)
    .all<Claimed>();
  if (claimed.length === 0) return report;

  const bodies = await bodiesOf(deps, [...new Set(claimed.map((d) => d.event_id))]);
  const endpointIds = JSON.stringify([...new Set(claimed.map((d) => d.endpoint_id))]);
  const { results: endpoints } = await deps.db
    .prepare(
      "SELECT id, url, secret FROM webhook_endpoints WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(endpointIds)
    .all<{ id: string; url: string; secret: string }>();
  const endpointById = new Map(endpoints.map((e) => [e.id, e]));

  const outcomes = await Promise.all(
    claimed.map(async (delivery): Promise<Outcome> => {
      const endpoint = endpointById.get(delivery.endpoint_id);
      const body = bodies.get(delivery.event_id);
      // Counted when claimed, so a delivery whose drains keep dying still runs out of attempts.
      const attempts = delivery.attempts;
      if (!endpoint || body === undefined) {
        return { id: delivery.id, ok: false, status: null, error: "gone", attempts };
      }
      const result = await post(deps, endpoint, delivery.event_id, body);
      return { id: delivery.id, attempts, ...result };
    }),
  );

  const at = new Date(now()).toISOString();
  await deps.db.batch(
    outcomes.map((o) => {
      const final = o.ok || o.attempts >= MAX_ATTEMPTS;
      report[o.ok ? "delivered" : final ? "failed" : "retrying"] += 1;
      if (!o.ok) {
        logEvent(
          "webhook_delivery_failed",
          { delivery: o.id, status: o.status, error: o.error },
          "warn",
        );
      }
      return deps.db
        .prepare(
          `UPDATE webhook_deliveries SET status = ?3, attempts = ?4, next_attempt_at = ?5,
             last_status = ?6, last_error = ?7, delivered_at = ?8, lease_id = NULL, lease_until = NULL
           WHERE id = ?1 AND lease_id = ?2`,
        )
        .bind(
          o.id,
          leaseId,
          o.ok ? "delivered" : final ? "failed" : "pending",
          o.attempts,
          now() + retryDelayMs(o.attempts),
          o.status,
          o.error,
          o.ok ? at : null,
        );
    }),
  );
  return report;
}

/**
 * The JSON each event is delivered as, frozen by the first drain that sends it (a racing drain's
 * own rendering loses to it), so every attempt and endpoint gets the same bytes.
 */
async function bodiesOf(deps: WebhookDrainDeps, eventIds: string[]): Promise<Map<string, string>> {
  const { results: events } = await deps.db
    .prepare("SELECT * FROM webhook_events WHERE id IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(eventIds))
    .all<EventRow>();
  const bodies = new Map<string, string>();
  const unrendered = events.filter((e) => e.body === null);
  for (const e of events) if (e.body !== null) bodies.set(e.id, e.body);
  if (unrendered.length === 0) return bodies;
  const orders = await deps.ordersById(
    unrendered.flatMap((e) => (e.order_id === null ? [] : [e.order_id])),
  );
  const frozen = await deps.db.batch<{ id: string; body: string }>(
    unrendered.map((e) => {
      const recorded = e.data === null ? {} : (JSON.parse(e.data) as Record<string, unknown>);
      const data =
        e.order_id === null ? recorded : { ...recorded, order: orders.get(e.order_id) ?? null };
      const body = JSON.stringify({ id: e.id, type: e.type, createdAt: e.created_at, data });
      return deps.db
        .prepare(
          "UPDATE webhook_events SET body = coalesce(body, ?2) WHERE id = ?1 RETURNING id, body",
        )
        .bind(e.id, body);
    }),
  );
  for (const result of frozen) {
    const row = result.results[0];
    if (row) bodies.set(row.id, row.body);
  }
  return bodies;
}

async function post(
  deps: WebhookDrainDeps,
  endpoint: { url: string; secret: string },
  eventId: string,
  body: string,
): Promise<Pick<Outcome, "ok" | "status" | "error">> {
  try {
    const res = await deps.send(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "edge-storefront-webhooks/1",
        "webhook-id": eventId,
        "webhook-signature": await signatureHeader(endpoint.secret, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `answered ${res.status}` };
  } catch (err) {
    return { ok: false, status: null, error: String(err).slice(0, 500) };
  }
}
