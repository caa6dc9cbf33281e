import type { EmailKind, EmailStatus, OrderEmailKind } from "../db/schema";
import { conflict, notFound } from "../errors";

/** The order event that an email tells of: no event, no email. */
const CAUSE: Record<OrderEmailKind, string> = {
  order_confirmed: "paid",
  order_shipped: "fulfilled",
  order_cancelled: "cancelled",
  order_refunded: "refunded",
  gift_cards_issued: "paid",
  // Each step of a return is once per return (`return_<step>:<id>`), given with the email.
  return_requested: "return_requested",
  return_approved: "return_approved",
  return_refused: "return_refused",
  return_received: "return_received",
};

/** The outbox insert for the orders `which` selects (`?2` is the kind, `?3` its cause). */
const queueSql = (which: string) =>
  `INSERT INTO outbox (order_id, kind, recipient, ref)
   SELECT o.id, ?2, o.email, ?4 FROM orders o
   WHERE ${which}
     AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.once = ?3)
   ON CONFLICT (order_id, kind, ref) DO NOTHING`;

/**
 * Queues `kind` for an order, to run in the batch that records its cause: the row is written only
 * if the order's once-only cause event exists, and at most once per order and kind, so a retried
 * step or a redelivered message adds nothing and a change that lost its race queues nothing.
 */
export function queueEmailStatement(
  db: D1Database,
  orderId: string,
  kind: OrderEmailKind,
  /** An email of this kind per `ref` (each refund's), caused by the event once-only as `once`. */
  about?: { ref: string; once: string },
): D1PreparedStatement {
  return db
    .prepare(queueSql("o.id = ?1"))
    .bind(orderId, kind, about?.once ?? CAUSE[kind], about?.ref ?? "");
}

/** `queueEmailStatement` for many orders in one statement. */
export function queueEmailsStatement(
  db: D1Database,
  orderIds: readonly string[],
  kind: OrderEmailKind,
): D1PreparedStatement {
  return db
    .prepare(queueSql("o.id IN (SELECT value FROM json_each(?1))"))
    .bind(JSON.stringify(orderIds), kind, CAUSE[kind], "");
}

/** An outbox row as ops see it (the dashboard and the admin API). */
export interface EmailSummary {
  id: number;
  /** Null for an account's email (a password reset). */
  orderId: string | null;
  kind: EmailKind;
  recipient: string;
  subject: string | null;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface EmailMessageView extends EmailSummary {
  text: string | null;
  html: string | null;
}

const SUMMARY_COLUMNS = `id, order_id AS orderId, kind, recipient, subject, status, attempts,
  CASE WHEN status = 'pending' THEN next_attempt_at END AS nextAttemptAt,
  last_error AS lastError, created_at AS createdAt, sent_at AS sentAt`;

/** The latest emails, failed ones first: what ops look at. */
export async function recentEmails(db: D1Database, limit = 20): Promise<EmailSummary[]> {
  const { results } = await db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM (
         SELECT * FROM (SELECT * FROM outbox WHERE status = 'failed' ORDER BY id DESC LIMIT ?1)
         UNION
         SELECT * FROM (SELECT * FROM outbox ORDER BY id DESC LIMIT ?1)
       ) ORDER BY status = 'failed' DESC, id DESC LIMIT ?1`,
    )
    .bind(limit)
    .all<EmailSummary>();
  return results;
}

/** Every email of one order, in the order they were queued; null if there is no such order. */
export async function emailsOfOrder(
  db: D1Database,
  orderId: string,
): Promise<EmailSummary[] | null> {
  const [order, emails] = await db.batch([
    db.prepare("SELECT id FROM orders WHERE id = ?").bind(orderId),
    db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM outbox WHERE order_id = ? ORDER BY id`)
      .bind(orderId),
  ]);
  if (!order?.results.length) return null;
  return (emails?.results ?? []) as EmailSummary[];
}

/** One email with its rendered message (null parts until its first attempt). */
export async function findEmail(
  db: D1Database,
  orderId: string,
  kind: EmailKind,
): Promise<EmailMessageView | null> {
  return db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, body AS text, html FROM outbox WHERE order_id = ? AND kind = ?`,
    )
    .bind(orderId, kind)
    .first<EmailMessageView>();
}

/**
 * Sends an email again, whatever became of it: back to `pending` with its attempts reset and a new
 * provider idempotency key (else the provider would answer the first send and send nothing).
 * Refused while a drain holds it, so a resend never races the send it repeats.
 */
export async function markForResend(
  db: D1Database,
  orderId: string,
  kind: EmailKind,
  now = Date.now(),
): Promise<void> {
  const reset = await db
    .prepare(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?3, last_error = NULL,
         resends = resends + 1
       WHERE order_id = ?1 AND kind = ?2 AND (status != 'sending' OR lease_until <= ?3)`,
    )
    .bind(orderId, kind, new Date(now).toISOString())
    .run();
  if (reset.meta.changes === 1) return;
  const email = await findEmail(db, orderId, kind);
  if (!email) throw notFound("This order's email of that kind");
  throw conflict("This email is being sent right now; look again in a minute.");
}
