import type { StaffRole } from "../db/account-schema";

/**
 * Who acts: on the admin API the bootstrap token or an integration's key; in the back office a
 * member of staff, or a session signed in with the bootstrap token (`dashboard`).
 */
export interface Actor {
  kind: "admin_token" | "api_key" | "dashboard" | "staff";
  id: string;
  name: string;
  role: StaffRole;
}

export interface AuditEntry {
  at: string;
  actor: { kind: string; id: string; name: string };
  action: string;
  target: string;
  changes?: unknown;
  requestId: string | null;
}

/** Fields whose values never enter the log. */
const SECRET_FIELDS = /password|secret|token|^key$|^code$/i;

/** A request body as the log keeps it: every secret field's value replaced. */
export function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? "(redacted)" : redacted(v)]),
  );
}

export function auditStatement(
  db: D1Database,
  actor: Actor,
  entry: { action: string; target: string; changes?: unknown; requestId: string | null },
  at = new Date().toISOString(),
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, target, changes, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      at,
      actor.kind,
      actor.id,
      actor.name,
      entry.action,
      entry.target,
      entry.changes === undefined ? null : JSON.stringify(redacted(entry.changes)),
      entry.requestId,
    );
}

interface AuditRow {
  id: number;
  at: string;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target: string;
  changes: string | null;
  request_id: string | null;
}

/** The log, newest first, filtered by actor id, action or target (each optional). */
export async function auditEntries(
  db: D1Database,
  filter: {
    actor?: string;
    action?: string;
    target?: string;
    limit: number;
    before: number | null;
  },
): Promise<{ items: (AuditEntry & { id: number })[]; nextBefore: number | null }> {
  const { results } = await db
    .prepare(
      `SELECT * FROM audit_log
       WHERE (?1 IS NULL OR actor_id = ?1) AND (?2 IS NULL OR action = ?2)
         AND (?3 IS NULL OR target = ?3) AND (?4 IS NULL OR id < ?4)
       ORDER BY id DESC LIMIT ?5`,
    )
    .bind(
      filter.actor ?? null,
      filter.action ?? null,
      filter.target ?? null,
      filter.before,
      filter.limit + 1,
    )
    .all<AuditRow>();
  const items = results.slice(0, filter.limit).map((r) => ({
    id: r.id,
    at: r.at,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    action: r.action,
    target: r.target,
    ...(r.changes === null ? {} : { changes: JSON.parse(r.changes) as unknown }),
    requestId: r.request_id,
  }));
  return {
    items,
    nextBefore: results.length > filter.limit ? (items.at(-1)?.id ?? null) : null,
  };
}
