import type { AccountEmailKind, EmailKind, OrderEmailKind } from "../db/schema";
import { retryDelaySeconds } from "../fulfillment/backoff";
import { logEvent } from "../log";
import { findOrders, type Paid, type StoredOrder } from "../orders/read";
import type { EmailProvider, OutgoingEmail, SendResult } from "./provider";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /**
   * What is kept of it in the outbox when that must differ from what is sent: an email with
   * secrets (gift card codes) keeps them masked, and is rendered afresh for every attempt.
   */
  kept?: { text: string; html: string };
}

export interface DrainDeps {
  db: D1Database;
  provider: EmailProvider;
  /** `ref`: what the email is about beyond its order (a refund's id), or "". */
  render(kind: OrderEmailKind, order: Paid<StoredOrder>, ref: string): Promise<RenderedEmail>;
  /** An account's email (no order): `ref` says which (a reset's id); null when that is gone. */
  renderAccount(kind: AccountEmailKind, ref: string): Promise<RenderedEmail | null>;
  from: OutgoingEmail["from"];
  /** Attempts before an email is marked `failed` (a resend starts counting again). */
  maxAttempts: number;
  now?: () => number;
}

/** A claimed email is its drain's for this long; after that another drain takes it over. */
export const LEASE_MS = 2 * 60_000;
/** The most emails one drain claims. */
export const DRAIN_BATCH = 25;

export interface DrainReport {
  sent: number;
  retrying: number;
  failed: number;
}

interface ClaimedRow {
  id: number;
  order_id: string | null;
  kind: EmailKind;
  recipient: string;
  subject: string | null;
  body: string | null;
  html: string | null;
  attempts: number;
  resends: number;
  lease_id: string;
  ref: string;
}

/**
 * Sends the emails that are due (of one order, when given). They are claimed together, each row
 * `pending` → `sending` with a lease (one statement, so two drains never hold the same row); the
 * orders of those not yet rendered are read in one round trip; then each is sent, and the outcomes
 * are written: `sent`, or back to `pending` with backoff, or `failed` after `maxAttempts`; all in
 * one round trip after the last send when the provider dedupes by idempotency key, otherwise each
 * as soon as it is known. A drain that stops after a provider call leaves its rows `sending`; once
 * the lease is over the next drain sends them again with the same idempotency keys, which a
 * provider that has them answers without sending twice.
 */
export async function drainOutbox(
  deps: DrainDeps,
  scope: { orderId?: string; limit?: number } = {},
): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, retrying: 0, failed: 0 };
  const rows = await claimDue(deps, scope.orderId ?? null, scope.limit ?? DRAIN_BATCH);
  if (rows.length === 0) return report;
  const unrendered = rows.flatMap((r) => (rendersNow(r) && r.order_id ? [r.order_id] : []));
  const orders = await findOrders(deps.db, unrendered);
  // Outcomes written together after the last send, when the provider dedupes by key.
  const deferred: Outcome[] = [];
  for (const row of rows) {
    const outcome = await sendClaimed(deps, row, orders);
    if (deps.provider.idempotent) deferred.push(outcome);
    else await recordOutcomes(deps, [outcome]);
    report[outcome.kind] += 1;
  }
  await recordOutcomes(deps, deferred);
  return report;
}

const clock = (deps: DrainDeps) => deps.now?.() ?? Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

async function claimDue(
  deps: DrainDeps,
  orderId: string | null,
  limit: number,
): Promise<ClaimedRow[]> {
  const now = clock(deps);
  const [, claimed] = await deps.db.batch<ClaimedRow>([
    // A drain stopped during the last attempt allowed: that attempt counted, and it was the last.
    deps.db
      .prepare(
        `UPDATE outbox SET status = 'failed', lease_id = NULL, lease_until = NULL,
           last_error = 'stopped during its last attempt'
         WHERE status = 'sending' AND lease_until <= ?1 AND attempts >= ?2`,
      )
      .bind(iso(now), deps.maxAttempts),
    deps.db
      .prepare(
        `UPDATE outbox SET status = 'sending', lease_id = ?1, lease_until = ?2, attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM outbox
           WHERE ((status = 'pending' AND next_attempt_at <= ?3) OR (status = 'sending' AND lease_until <= ?3))
             AND (?4 IS NULL OR order_id = ?4)
           ORDER BY id LIMIT ?5)
         RETURNING id, order_id, kind, recipient, subject, body, html, attempts, resends, lease_id, ref`,
      )
      .bind(crypto.randomUUID(), iso(now + LEASE_MS), iso(now), orderId, limit),
  ]);
  return (claimed?.results ?? []).sort((a, b) => a.id - b.id);
}

/**
 * Renders a message at its first attempt; its outcome keeps it with the row, so retries and
 * resends send the same one.
 */
async function sendClaimed(
  deps: DrainDeps,
  row: ClaimedRow,
  orders: Map<string, Paid<StoredOrder>>,
): Promise<Outcome> {
  let result: SendResult;
  let rendered: RenderedEmail | null = null;
  try {
    if (rendersNow(row)) rendered = await renderRow(deps, row, orders);
    const message = rendersNow(row) ? rendered : storedMessage(row);
    const { kept: _, ...sent } = message ?? { kept: undefined };
    result = message
      ? await deps.provider.send({
          idempotencyKey: `${row.kind}/${row.order_id ?? "account"}${row.ref ? `/${row.ref}` : ""}/${row.resends}`,
          from: deps.from,
          to: row.recipient,
          ...(sent as RenderedEmail),
        })
      : {
          ok: false,
          error: `${row.order_id ? `order ${row.order_id}` : `${row.kind} ${row.ref}`} not found`,
          permanent: true,
        };
  } catch (err) {
    result = { ok: false, error: String(err).slice(0, 500), permanent: false };
  }
  return outcomeOf(deps, row, result, rendered);
}

/** The message of a row, for its order or its account; null when what it tells of is gone. */
function renderRow(
  deps: DrainDeps,
  row: ClaimedRow,
  orders: Map<string, Paid<StoredOrder>>,
): Promise<RenderedEmail | null> {
  if (row.order_id === null) return deps.renderAccount(row.kind as AccountEmailKind, row.ref);
  const order = orders.get(row.order_id);
  return order ? deps.render(row.kind as OrderEmailKind, order, row.ref) : Promise.resolve(null);
}

/** Kinds whose message holds secrets: never sent from the outbox's (masked) copy. */
export const SECRET_KINDS: ReadonlySet<EmailKind> = new Set([
  "gift_cards_issued",
  "password_reset",
  "email_verification",
  "staff_invite",
]);

/** Whether the row's message is rendered for this attempt (else its stored copy is sent). */
const rendersNow = (row: ClaimedRow) => row.html === null || SECRET_KINDS.has(row.kind);

const storedMessage = (row: ClaimedRow): RenderedEmail => ({
  subject: row.subject ?? "",
  text: row.body ?? "",
  html: row.html ?? "",
});

/** What one attempt came to. */
interface Outcome {
  kind: keyof DrainReport;
  row: ClaimedRow;
  /** The message rendered for this attempt, kept with the row (null: rendered before). */
  rendered: RenderedEmail | null;
  at: number;
  fields: Record<string, unknown>;
  result: SendResult;
}

function outcomeOf(
  deps: DrainDeps,
  row: ClaimedRow,
  result: SendResult,
  rendered: RenderedEmail | null,
): Outcome {
  const fields = {
    email: row.id,
    order: row.order_id,
    kind: row.kind,
    provider: deps.provider.name,
    attempts: row.attempts,
  };
  const at = clock(deps);
  if (result.ok) return { kind: "sent", row, rendered, at, fields, result };
  const kind = result.permanent || row.attempts >= deps.maxAttempts ? "failed" : "retrying";
  return { kind, row, rendered, at, fields: { ...fields, error: result.error }, result };
}

/**
 * One statement for every sent outcome: each row by its id and its lease (a row another drain took
 * over is left alone), with the message rendered for it. Answers the ids it wrote.
 */
function sentStatement(deps: DrainDeps, sent: readonly Outcome[]): D1PreparedStatement {
  const rows = sent.map(({ row, rendered, at, result }) => ({
    id: row.id,
    lease: row.lease_id,
    at: iso(at),
    messageId: result.ok ? result.messageId : null,
    subject: rendered?.subject ?? null,
    text: (rendered?.kept ?? rendered)?.text ?? null,
    html: (rendered?.kept ?? rendered)?.html ?? null,
  }));
  return deps.db
    .prepare(
      `UPDATE outbox SET status = 'sent', sent_at = s.value ->> 'at', provider = ?1,
         provider_message_id = s.value ->> 'messageId', last_error = NULL, lease_id = NULL,
         lease_until = NULL, subject = COALESCE(s.value ->> 'subject', subject),
         body = COALESCE(s.value ->> 'text', body), html = COALESCE(s.value ->> 'html', html)
       FROM json_each(?2) s
       WHERE outbox.id = s.value ->> 'id' AND outbox.lease_id = s.value ->> 'lease'
       RETURNING outbox.id AS id`,
    )
    .bind(deps.provider.name, JSON.stringify(rows));
}

/** The statement for an attempt that failed: back to `pending` with backoff, or `failed`. */
function unsentStatement(deps: DrainDeps, outcome: Outcome): D1PreparedStatement {
  const { row, rendered, at, result } = outcome;
  const next = at + retryDelaySeconds(row.attempts) * 1000;
  return deps.db
    .prepare(
      `UPDATE outbox SET status = ?1, next_attempt_at = ?2, last_error = ?3,
         lease_id = NULL, lease_until = NULL, subject = COALESCE(?6, subject),
         body = COALESCE(?7, body), html = COALESCE(?8, html)
       WHERE id = ?4 AND lease_id = ?5
       RETURNING id`,
    )
    .bind(
      outcome.kind === "failed" ? "failed" : "pending",
      iso(next),
      result.ok ? null : result.error,
      row.id,
      row.lease_id,
      rendered?.subject ?? null,
      (rendered?.kept ?? rendered)?.text ?? null,
      (rendered?.kept ?? rendered)?.html ?? null,
    );
}

/** Writes outcomes in one round trip (the sent ones in one statement), then logs each. */
async function recordOutcomes(deps: DrainDeps, outcomes: readonly Outcome[]): Promise<void> {
  const sent = outcomes.filter((o) => o.kind === "sent");
  const statements = [
    ...(sent.length > 0 ? [sentStatement(deps, sent)] : []),
    ...outcomes.filter((o) => o.kind !== "sent").map((o) => unsentStatement(deps, o)),
  ];
  const [only] = statements;
  if (!only) return;
  const results =
    statements.length === 1
      ? [await only.run<{ id: number }>()]
      : await deps.db.batch<{ id: number }>(statements);
  const written = new Set(results.flatMap((r) => r.results.map((row) => row.id)));
  for (const { kind, row, fields, result } of outcomes) {
    // Only when this drain overran its lease and another took the row over.
    if (!written.has(row.id)) logEvent("email_lease_lost", fields, "warn");
    logEvent(`email_${kind}`, fields, result.ok ? "info" : "warn");
  }
}
