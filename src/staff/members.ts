import { emailKey } from "../auth/customers";
import { hashPassword } from "../auth/password";
import type { StaffRole } from "../db/account-schema";
import { uniqueViolation } from "../db/client";
import { AppError, conflict, notFound } from "../errors";
import { newId } from "../ids";
import { base64url, hmacSha256, sha256Hex } from "../sha256-hex";

/** An invitation link works for a week. */
export const INVITE_TTL_MS = 7 * 86_400_000;

export type StaffStatus = "invited" | "active" | "removed";

/** A member of staff as the admin API and the back office show them (never a secret). */
export interface StaffMember {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  status: StaffStatus;
  twoFactor: boolean;
  invitedBy: string;
  createdAt: string;
  joinedAt: string | null;
  lastSignInAt: string | null;
  removedAt: string | null;
}

export const MEMBER_COLUMNS = `id, email, name, role,
  CASE WHEN removed_at IS NOT NULL THEN 'removed' WHEN joined_at IS NULL THEN 'invited'
    ELSE 'active' END AS status,
  totp_secret IS NOT NULL AS twoFactor, invited_by AS invitedBy, created_at AS createdAt,
  joined_at AS joinedAt, last_sign_in_at AS lastSignInAt, removed_at AS removedAt`;

/** D1 answers booleans as 0 and 1. */
export const memberOf = (row: StaffMember): StaffMember => ({ ...row, twoFactor: !!row.twoFactor });

/** An invitation's token: the HMAC of its id (the email renders it afresh; D1 keeps its hash). */
export async function inviteTokenOf(secret: string, inviteId: string): Promise<string> {
  return base64url(await hmacSha256(secret, `staff-invite:${inviteId}`));
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The statements that end a member's older invitations, write a new one and queue its email;
 * only for a member who is not removed.
 */
async function inviteStatements(
  db: D1Database,
  secret: string,
  staffId: string,
  origin: string,
  now: number,
): Promise<D1PreparedStatement[]> {
  const id = newId("inv");
  const tokenHash = await sha256Hex(await inviteTokenOf(secret, id));
  return [
    db
      .prepare("UPDATE staff_invites SET used_at = ?2 WHERE staff_id = ?1 AND used_at IS NULL")
      .bind(staffId, iso(now)),
    db
      .prepare(
        `INSERT INTO staff_invites (id, token_hash, staff_id, origin, expires_at, created_at)
         SELECT ?1, ?2, id, ?3, ?4, ?5 FROM staff WHERE id = ?6 AND removed_at IS NULL`,
      )
      .bind(id, tokenHash, origin, iso(now + INVITE_TTL_MS), iso(now), staffId),
    db
      .prepare(
        `INSERT INTO outbox (order_id, kind, recipient, ref)
         SELECT NULL, 'staff_invite', s.email, i.id
         FROM staff_invites i JOIN staff s ON s.id = i.staff_id WHERE i.id = ?`,
      )
      .bind(id),
  ];
}

/**
 * Invites `email` to the back office with a role: the member (not able to sign in until they
 * accept), their invitation and its email, in one batch. An email that is already a live
 * member's is 409 `conflict`.
 */
export async function inviteStaff(
  db: D1Database,
  secret: string,
  input: { email: string; name?: string | undefined; role: StaffRole },
  invitedBy: string,
  origin: string,
  now = Date.now(),
): Promise<StaffMember> {
  const id = newId("stf");
  try {
    await db.batch([
      db
        .prepare(
          `INSERT INTO staff (id, email, email_key, name, role, invited_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          id,
          input.email.trim(),
          emailKey(input.email),
          input.name?.trim() || null,
          input.role,
          invitedBy,
          iso(now),
        ),
      ...(await inviteStatements(db, secret, id, origin, now)),
    ]);
  } catch (err) {
    if (uniqueViolation(err)) throw conflict("A member of staff already has this email.");
    throw err;
  }
  return (await findStaff(db, id)) as StaffMember;
}

/** A new invitation for a member who is not removed (the older ones stop working). */
export async function reinviteStaff(
  db: D1Database,
  secret: string,
  id: string,
  origin: string,
  now = Date.now(),
): Promise<void> {
  const [, inserted] = await db.batch(await inviteStatements(db, secret, id, origin, now));
  if (!inserted?.meta.changes) throw notFound("Member of staff");
}

export async function findStaff(db: D1Database, id: string): Promise<StaffMember | null> {
  const row = await db
    .prepare(`SELECT ${MEMBER_COLUMNS} FROM staff WHERE id = ?`)
    .bind(id)
    .first<StaffMember>();
  return row && memberOf(row);
}

/** Every member, live ones first (the newest first), then the removed ones. */
export async function listStaff(db: D1Database): Promise<StaffMember[]> {
  const { results } = await db
    .prepare(
      `SELECT ${MEMBER_COLUMNS} FROM staff
       ORDER BY removed_at IS NOT NULL, created_at DESC, id`,
    )
    .all<StaffMember>();
  return results.map(memberOf);
}

/** Changes a live member's role or name; the role holds from their next request on. */
export async function updateStaff(
  db: D1Database,
  id: string,
  patch: { role?: StaffRole | undefined; name?: string | undefined },
): Promise<StaffMember> {
  const row = await db
    .prepare(
      `UPDATE staff SET role = coalesce(?2, role), name = coalesce(?3, name)
       WHERE id = ?1 AND removed_at IS NULL RETURNING ${MEMBER_COLUMNS}`,
    )
    .bind(id, patch.role ?? null, patch.name?.trim() || null)
    .first<StaffMember>();
  if (!row) throw notFound("Member of staff");
  return memberOf(row);
}

/** Ends every session of a live member: their next request signs in again. */
export async function endStaffSessions(db: D1Database, id: string): Promise<void> {
  const row = await db
    .prepare(
      "UPDATE staff SET session_version = session_version + 1 WHERE id = ? AND removed_at IS NULL RETURNING id",
    )
    .bind(id)
    .first();
  if (!row) throw notFound("Member of staff");
}

/**
 * Removes a member: every session of theirs ends at once and their invitations stop working; the
 * entries they wrote in the audit log stay. Removing a removed member again changes nothing.
 */
export async function removeStaff(db: D1Database, id: string, now = Date.now()): Promise<void> {
  const [removed] = await db.batch([
    db
      .prepare(
        `UPDATE staff SET removed_at = coalesce(removed_at, ?2),
           session_version = session_version + (removed_at IS NULL)
         WHERE id = ?1 RETURNING id`,
      )
      .bind(id, iso(now)),
    db
      .prepare("UPDATE staff_invites SET used_at = ?2 WHERE staff_id = ?1 AND used_at IS NULL")
      .bind(id, iso(now)),
  ]);
  if (!removed?.results.length) throw notFound("Member of staff");
}

export const inviteInvalid = () =>
  new AppError(
    "token_invalid",
    "This invitation is not valid: it was used already, it expired, or it was replaced by a newer one. Ask the shop's owner for a new one.",
  );

const OPEN_INVITE = `(SELECT staff_id FROM staff_invites
  WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2)`;

/** The member an open invitation is for (for its page), or null. */
export async function invitedBy(
  db: D1Database,
  token: string,
  now = Date.now(),
): Promise<StaffMember | null> {
  const row = await db
    .prepare(`SELECT ${MEMBER_COLUMNS} FROM staff WHERE id = ${OPEN_INVITE} AND removed_at IS NULL`)
    .bind(await sha256Hex(token), iso(now))
    .first<StaffMember>();
  return row && memberOf(row);
}

/**
 * Accepts an invitation: in one batch, the member's password (and name, if given), joined, every
 * older session of theirs ended, and the invitation used up; batches run one at a time, so of
 * two acceptances with one token only the first changes anything. Answers the member and their
 * session version, or throws `token_invalid`.
 */
export async function acceptInvite(
  db: D1Database,
  token: string,
  input: { password: string; name?: string | undefined },
  now = Date.now(),
): Promise<{ member: StaffMember; sessionVersion: number }> {
  const tokenHash = await sha256Hex(token);
  const [changed] = await db.batch<StaffMember & { session_version: number }>([
    db
      .prepare(
        `UPDATE staff SET password_hash = ?3, name = coalesce(?4, name),
           joined_at = coalesce(joined_at, ?2), session_version = session_version + 1
         WHERE id = ${OPEN_INVITE} AND removed_at IS NULL
         RETURNING ${MEMBER_COLUMNS}, session_version`,
      )
      .bind(tokenHash, iso(now), await hashPassword(input.password), input.name?.trim() || null),
    db
      .prepare(
        `UPDATE staff_invites SET used_at = ?2 WHERE used_at IS NULL AND staff_id = ${OPEN_INVITE}`,
      )
      .bind(tokenHash, iso(now)),
  ]);
  const row = changed?.results[0];
  if (!row) throw inviteInvalid();
  const { session_version: sessionVersion, ...member } = row;
  return { member: memberOf(member), sessionVersion };
}
