import { emailKey } from "../auth/customers";
import { decoyHash, hashPassword, verifyPassword } from "../auth/password";
import { matchingStep } from "../auth/totp";
import { AppError } from "../errors";
import { MEMBER_COLUMNS, memberOf, type StaffMember } from "./members";

/** What signing in needs beyond the member's view: their secrets, read only here. */
interface Credentials {
  passwordHash: string | null;
  totpSecret: string | null;
  totpLastStep: number | null;
  sessionVersion: number;
}

const CREDENTIALS = `password_hash AS passwordHash, totp_secret AS totpSecret,
  totp_last_step AS totpLastStep, session_version AS sessionVersion`;

export type StaffSignIn =
  | { ok: true; member: StaffMember; sessionVersion: number }
  | { ok: false; reason: "credentials" | "code_needed" };

/**
 * Checks a member's email, password and (once they set up two-factor sign-in) TOTP code. An
 * unknown email, a removed or not yet joined member and a wrong password take the same time and
 * answer alike; a right password without a code answers `code_needed`; a code is accepted once.
 */
export async function authenticateStaff(
  db: D1Database,
  input: { email: string; password: string; code?: string | undefined },
  now = Date.now(),
): Promise<StaffSignIn> {
  const row = await db
    .prepare(
      `SELECT ${MEMBER_COLUMNS}, ${CREDENTIALS} FROM staff
       WHERE email_key = ? AND removed_at IS NULL AND joined_at IS NOT NULL`,
    )
    .bind(emailKey(input.email))
    .first<StaffMember & Credentials>();
  const valid = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash()));
  if (!row || !valid) return { ok: false, reason: "credentials" };
  let step: number | null = null;
  if (row.totpSecret) {
    if (!input.code) return { ok: false, reason: "code_needed" };
    step = await matchingStep(row.totpSecret, input.code, row.totpLastStep, now);
    if (step === null) return { ok: false, reason: "credentials" };
  }
  // The step is taken only if no other sign-in took it (or a later one) first: a code works once.
  const signedIn = await db
    .prepare(
      `UPDATE staff SET last_sign_in_at = ?2, totp_last_step = coalesce(?3, totp_last_step)
       WHERE id = ?1 AND (?3 IS NULL OR totp_last_step IS NULL OR totp_last_step < ?3)
       RETURNING id`,
    )
    .bind(row.id, new Date(now).toISOString(), step)
    .first();
  if (!signedIn) return { ok: false, reason: "credentials" };
  const { passwordHash, totpSecret, totpLastStep, sessionVersion, ...member } = row;
  return { ok: true, member: memberOf(member), sessionVersion };
}

/**
 * The member a back-office session speaks for, if the member is live, the session's version is
 * theirs and the session was not signed out: one D1 read for all three.
 */
export async function staffOfSession(
  db: D1Database,
  session: { staffId: string; ver: number; sid: string },
): Promise<StaffMember | null> {
  const row = await db
    .prepare(
      `SELECT ${MEMBER_COLUMNS} FROM staff
       WHERE id = ?1 AND removed_at IS NULL AND session_version = ?2
         AND NOT EXISTS (SELECT 1 FROM revoked_sessions WHERE sid = ?3)`,
    )
    .bind(session.staffId, session.ver, session.sid)
    .first<StaffMember>();
  return row && memberOf(row);
}

const wrongPassword = () =>
  new AppError("validation_failed", "That is not your current password.", [
    { path: "current", message: "That is not your current password." },
  ]);

async function checkPassword(db: D1Database, id: string, password: string) {
  const row = await db
    .prepare(`SELECT ${CREDENTIALS} FROM staff WHERE id = ? AND removed_at IS NULL`)
    .bind(id)
    .first<Credentials>();
  if (!row?.passwordHash || !(await verifyPassword(password, row.passwordHash))) {
    throw wrongPassword();
  }
}

/**
 * A member's new password, with their current one: every session of theirs ends (the version
 * rises); answers the new version, for the session that asked to go on with.
 */
export async function changeStaffPassword(
  db: D1Database,
  id: string,
  current: string,
  next: string,
): Promise<number> {
  await checkPassword(db, id, current);
  const row = await db
    .prepare(
      `UPDATE staff SET password_hash = ?2, session_version = session_version + 1
       WHERE id = ?1 AND removed_at IS NULL RETURNING session_version AS v`,
    )
    .bind(id, await hashPassword(next))
    .first<{ v: number }>();
  if (!row) throw wrongPassword();
  return row.v;
}

const codeRefused = () =>
  new AppError("validation_failed", "That code is not the one your app shows now.", [
    { path: "code", message: "That code is not the one your app shows now." },
  ]);

/**
 * Turns two-factor sign-in on with `secret` once the member typed a code it makes (so their app
 * has it), or off with their password. Either way every other session of theirs ends.
 */
export async function setTwoFactor(
  db: D1Database,
  id: string,
  change: { secret: string; code: string } | { off: true; password: string },
  now = Date.now(),
): Promise<number> {
  let secret: string | null = null;
  let step: number | null = null;
  if ("off" in change) {
    await checkPassword(db, id, change.password);
  } else {
    step = await matchingStep(change.secret, change.code, null, now);
    if (step === null) throw codeRefused();
    secret = change.secret;
  }
  const row = await db
    .prepare(
      `UPDATE staff SET totp_secret = ?2, totp_last_step = ?3,
         session_version = session_version + 1
       WHERE id = ?1 AND removed_at IS NULL RETURNING session_version AS v`,
    )
    .bind(id, secret, step)
    .first<{ v: number }>();
  if (!row) throw codeRefused();
  return row.v;
}
