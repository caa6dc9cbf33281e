import type { DeliveryStatus, WebhookEventType } from "../db/webhook-schema";
import { conflict, notFound } from "../errors";

export interface Delivery {
  id: number;
  eventId: string;
  type: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  /** The endpoint's HTTP status on the last attempt; null when it gave none (a timeout, a refused connection). */
  lastStatus: number | null;
  lastError: string | null;
  /** When the next attempt is due, while `pending`. */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

interface DeliveryRow {
  id: number;
  event_id: string;
  type: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: number;
  created_at: string;
  delivered_at: string | null;
}

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  eventId: row.event_id,
  type: row.type,
  status: row.status,
  attempts: row.attempts,
  lastStatus: row.last_status,
  lastError: row.last_error,
  nextAttemptAt:
    row.status === "pending" ? new Date(Math.max(row.next_attempt_at, 0)).toISOString() : null,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
});

const SELECT_DELIVERY = `SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.last_status,
    d.last_error, d.next_attempt_at, d.created_at, d.delivered_at
  FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id`;

/** An endpoint's deliveries, newest first, `limit` of them before the cursor (a delivery id). */
export async function listDeliveries(
  db: D1Database,
  endpointId: string,
  page: { limit: number; before?: number },
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  const { results } = await db
    .prepare(
      `${SELECT_DELIVERY} WHERE d.endpoint_id = ?1 AND d.id < ?2 ORDER BY d.id DESC LIMIT ?3`,
    )
    .bind(endpointId, page.before ?? Number.MAX_SAFE_INTEGER, page.limit + 1)
    .all<DeliveryRow>();
  const items = results.slice(0, page.limit).map(toDelivery);
  const more = results.length > page.limit;
  return { items, nextCursor: more ? String(items.at(-1)?.id) : null };
}

export async function findDelivery(
  db: D1Database,
  endpointId: string,
  id: number,
): Promise<Delivery> {
  const row = await db
    .prepare(`${SELECT_DELIVERY} WHERE d.endpoint_id = ?1 AND d.id = ?2`)
    .bind(endpointId, id)
    .first<DeliveryRow>();
  if (!row) throw notFound("Delivery");
  return toDelivery(row);
}

/**
 * Makes a delivery due now again, whatever became of it (delivered, failed, or waiting for its
 * backoff), with its attempts counted afresh: the same event, id and body.
 */
export async function markForResend(db: D1Database, endpointId: string, id: number) {
  const moved = await db
    .prepare(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = 0
       WHERE endpoint_id = ?1 AND id = ?2 AND status <> 'sending' RETURNING id`,
    )
    .bind(endpointId, id)
    .first();
  if (moved) return;
  await findDelivery(db, endpointId, id);
  throw conflict("This delivery is being sent right now; try again in a moment.");
}
