import { uniqueViolation } from "../db/client";
import { AppError } from "../errors";
import { newId } from "../ids";
import { base64url, hmacSha256, sha256Hex } from "../sha256-hex";
import { emailKey } from "./customers";

/** A verification link works for a day. */
export const VERIFY_TTL_MS = 24 * 3_600_000;
/** At most this many verification emails an hour per customer. */
const VERIFICATIONS_PER_HOUR = 5;

/** A verification's token: the HMAC of its id (the email renders it afresh; D1 keeps its hash). */
export async function verificationTokenOf(secret: string, id: string): Promise<string> {
  return base64url(await hmacSha256(secret, `email-verification:${id}`));
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sends a link that verifies `email` for the customer: their own address, or one they want to
 * change to (it becomes theirs when verified). One batch: the verification, then its email, both
 * only under the hourly limit. Answers whether a link was sent.
 */
export async function requestVerification(
  db: D1Database,
  secret: string,
  customerId: string,
  email: string,
  origin: string,
  now = Date.now(),
): Promise<boolean> {
  const id = newId("emv");
  const tokenHash = await sha256Hex(await verificationTokenOf(secret, id));
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO email_verifications (id, token_hash, customer_id, email, origin, expires_at, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
         WHERE (SELECT count(*) FROM email_verifications WHERE customer_id = ?3 AND created_at > ?8) < ?9`,
      )
      .bind(
        id,
        tokenHash,
        customerId,
        email.trim(),
        origin,
        iso(now + VERIFY_TTL_MS),
        iso(now),
        iso(now - 3_600_000),
        VERIFICATIONS_PER_HOUR,
      ),
    db
      .prepare(
        `INSERT INTO outbox (order_id, kind, recipient, ref)
         SELECT NULL, 'email_verification', email, id FROM email_verifications WHERE id = ?`,
      )
      .bind(id),
  ]);
  return (inserted?.meta.changes ?? 0) > 0;
}

export const verificationInvalid = () =>
  new AppError(
    "token_invalid",
    "This verification link is not valid: it was used already, it expired, or it was never issued. Ask for a new one.",
  );

/**
 * Follows a verification link: the address becomes the customer's, verified (a change of email
 * switches now, unless another account took that address meanwhile: 409), and the link is used
 * up, in one batch. Answers the customer as they now are.
 */
export async function confirmVerification(
  db: D1Database,
  token: string,
  now = Date.now(),
): Promise<{ id: string; email: string; name: string | null }> {
  const tokenHash = await sha256Hex(token);
  const at = iso(now);
  const row = await db
    .prepare(
      "SELECT customer_id, email FROM email_verifications WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(tokenHash, at)
    .first<{ customer_id: string; email: string }>();
  if (!row) throw verificationInvalid();
  const taken = await db
    .prepare("SELECT 1 FROM customers WHERE email_key = ? AND id <> ?")
    .bind(emailKey(row.email), row.customer_id)
    .first();
  if (taken) throw new AppError("conflict", "Another account has this email now.");
  const [changed] = await batchUnlessTaken(db, [
    db
      .prepare(
        `UPDATE customers SET email = ?3, email_key = ?4, email_verified_at = ?2
         WHERE id = (SELECT customer_id FROM email_verifications
                     WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2)
         RETURNING id, email, name`,
      )
      .bind(tokenHash, at, row.email, emailKey(row.email)),
    // This link and every other open one of the customer's: the address verified supersedes them.
    db
      .prepare(
        `UPDATE email_verifications SET used_at = ?2
         WHERE used_at IS NULL
           AND customer_id = (SELECT customer_id FROM email_verifications WHERE token_hash = ?1)
           AND EXISTS (SELECT 1 FROM customers c WHERE c.id = customer_id AND c.email_verified_at = ?2)`,
      )
      .bind(tokenHash, at),
  ]);
  const customer = changed?.results[0];
  if (!customer) throw verificationInvalid();
  return customer;
}

/** The batch, with a unique email taken by a racing change told as the conflict it is. */
async function batchUnlessTaken(db: D1Database, statements: D1PreparedStatement[]) {
  try {
    return await db.batch<{ id: string; email: string; name: string | null }>(statements);
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError("conflict", "Another account has this email now.");
    throw err;
  }
}

/** Whether the customer's address is verified, and an address they asked to change to, if any. */
export async function verificationState(db: D1Database, customerId: string, now = Date.now()) {
  const row = await db
    .prepare(
      `SELECT c.email_verified_at AS verifiedAt,
         (SELECT v.email FROM email_verifications v
          WHERE v.customer_id = c.id AND v.used_at IS NULL AND v.expires_at > ?2
            AND lower(v.email) <> c.email_key
          ORDER BY v.created_at DESC LIMIT 1) AS pendingEmail
       FROM customers c WHERE c.id = ?1`,
    )
    .bind(customerId, iso(now))
    .first<{ verifiedAt: string | null; pendingEmail: string | null }>();
  return { emailVerified: Boolean(row?.verifiedAt), pendingEmail: row?.pendingEmail ?? null };
}
