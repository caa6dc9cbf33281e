import type { EmailKind, EmailStatus } from "../db/schema";

/** An email as the list of one address's emails shows it. */
export interface SentEmail {
  id: number;
  to: string;
  kind: EmailKind;
  orderId: string | null;
  subject: string | null;
  text: string | null;
  status: EmailStatus;
  createdAt: string;
  /** What it tells of beyond its order and kind (an account email's: which reset). */
  ref: string;
}

/**
 * The emails queued for one address (case aside), newest first, `limit` a page, from before the
 * email `before` (the cursor of the page before).
 */
export async function emailsTo(
  db: D1Database,
  to: string,
  limit: number,
  before: number | null,
): Promise<{ items: SentEmail[]; nextBefore: number | null }> {
  const { results } = await db
    .prepare(
      `SELECT id, recipient AS "to", kind, order_id AS orderId, subject, body AS text, status,
         created_at AS createdAt, ref
       FROM outbox WHERE lower(recipient) = lower(?1) AND (?2 IS NULL OR id < ?2)
       ORDER BY id DESC LIMIT ?3`,
    )
    .bind(to.trim(), before, limit + 1)
    .all<SentEmail>();
  const items = results.slice(0, limit);
  return {
    items,
    nextBefore: results.length > limit ? (items.at(-1)?.id ?? null) : null,
  };
}
