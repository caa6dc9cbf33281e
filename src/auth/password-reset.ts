import { AppError } from "../errors";
import { newId } from "../ids";
import { base64url, hmacSha256, sha256Hex } from "../sha256-hex";
import { emailKey } from "./customers";
import { hashPassword } from "./password";

/** A reset link works for an hour. */
export const RESET_TTL_MS = 60 * 60_000;
/** At most this many reset emails per email address an hour (the rest are answered alike, unsent). */
export const RESETS_PER_HOUR = 3;

/**
 * A reset's token: the HMAC of its id with `secret`. The email is rendered from it at every
 * attempt (the outbox keeps it masked), and D1 keeps only its SHA-256.
 */
export async function resetTokenOf(secret: string, resetId: string): Promise<string> {
  return base64url(await hmacSha256(secret, `password-reset:${resetId}`));
}

/**
 * Asks for a reset of `email`'s password: one D1 batch whatever the email, so a known and an
 * unknown one cost the same and answer alike. It records the request (the limit per email counts
 * them), and only for a customer under the limit writes the reset and queues its email.
 */
export async function requestPasswordReset(
  db: D1Database,
  secret: string,
  email: string,
  origin: string,
  now = Date.now(),
): Promise<void> {
  const id = newId("pwr");
  const tokenHash = await sha256Hex(await resetTokenOf(secret, id));
  const at = new Date(now).toISOString();
  const key = emailKey(email);
  await db.batch([
    db.prepare("DELETE FROM password_reset_requests WHERE at < ?").bind(iso(now - 86_400_000)),
    db.prepare("INSERT INTO password_reset_requests (email_key, at) VALUES (?, ?)").bind(key, at),
    db
      .prepare(
        `INSERT INTO password_resets (id, token_hash, customer_id, origin, expires_at, created_at)
         SELECT ?1, ?2, c.id, ?3, ?4, ?5 FROM customers c
         WHERE c.email_key = ?6
           AND (SELECT count(*) FROM password_reset_requests WHERE email_key = ?6 AND at > ?7) <= ?8`,
      )
      .bind(
        id,
        tokenHash,
        origin,
        iso(now + RESET_TTL_MS),
        at,
        key,
        iso(now - 3_600_000),
        RESETS_PER_HOUR,
      ),
    db
      .prepare(
        `INSERT INTO outbox (order_id, kind, recipient, ref)
         SELECT NULL, 'password_reset', c.email, r.id
         FROM password_resets r JOIN customers c ON c.id = r.customer_id WHERE r.id = ?`,
      )
      .bind(id),
  ]);
}

const iso = (ms: number) => new Date(ms).toISOString();

export const tokenInvalid = () =>
  new AppError(
    "token_invalid",
    "This reset link is not valid: it was used already, it expired, or it was never issued. Ask for a new one.",
  );

/**
 * Sets a new password with a reset's token: in one D1 batch, the password (if the token is
 * unused and unexpired), every session of the customer ended (its version raised), and this and
 * every other open reset of theirs used up. Batches run one at a time, so of two confirmations with one token
 * only the first changes anything. Answers the customer, or throws `token_invalid`.
 */
export async function confirmPasswordReset(
  db: D1Database,
  token: string,
  password: string,
  now = Date.now(),
): Promise<{ id: string; email: string; name: string | null; sessionVersion: number }> {
  const tokenHash = await sha256Hex(token);
  const at = iso(now);
  const open = `(SELECT customer_id FROM password_resets
     WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2)`;
  const [changed] = await db.batch<{
    id: string;
    email: string;
    name: string | null;
    session_version: number;
  }>([
    db
      .prepare(
        `UPDATE customers SET password_hash = ?3, session_version = session_version + 1
         WHERE id = ${open} RETURNING id, email, name, session_version`,
      )
      .bind(tokenHash, at, await hashPassword(password)),
    db
      .prepare(
        `UPDATE password_resets SET used_at = ?2 WHERE used_at IS NULL AND customer_id = ${open}`,
      )
      .bind(tokenHash, at),
  ]);
  const customer = changed?.results[0];
  if (!customer) throw tokenInvalid();
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    sessionVersion: customer.session_version,
  };
}
