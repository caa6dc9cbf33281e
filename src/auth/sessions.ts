import { revokeSession } from "./revoked-sessions";

/**
 * Shopper sessions that end. A token is signed and carries its session id (`sid`) and, for a
 * customer, the session version it was issued under; every request checks both in one D1 read:
 * a logout writes the id into `revoked_sessions` (until the token would have expired anyway), and
 * "sign out everywhere" or a password reset raises the customer's `session_version`, ending every
 * token issued before. A token of a customer who no longer exists is ended too.
 */

export interface SessionClaims {
  id: string;
  kind: "guest" | "customer";
  sid?: string;
  ver?: number;
  exp?: number;
}

/** Whether the token's session is still open: not logged out, not older than the customer's version. */
export async function sessionOpen(db: D1Database, claims: SessionClaims): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT (SELECT session_version FROM customers WHERE id = ?1) AS version,
         EXISTS (SELECT 1 FROM revoked_sessions WHERE sid = ?2) AS revoked`,
    )
    .bind(claims.id, claims.sid ?? "")
    .first<{ version: number | null; revoked: number }>();
  if (!row || row.revoked) return false;
  return claims.kind === "guest" || row.version === (claims.ver ?? 0);
}

/** The statement that ends every session of a customer (a password reset's batch takes it too). */
export const endCustomerSessions = (db: D1Database, customerId: string) =>
  db
    .prepare("UPDATE customers SET session_version = session_version + 1 WHERE id = ?")
    .bind(customerId);

/**
 * Ends the token's session. A token from before sessions had ids cannot be ended alone: a
 * customer's then ends every session of theirs.
 */
export async function endSession(db: D1Database, claims: SessionClaims): Promise<void> {
  const expiresAt = claims.exp ?? Math.floor(Date.now() / 1000) + 7 * 86_400;
  if (claims.sid) {
    await revokeSession(db, claims.sid, expiresAt);
  } else if (claims.kind === "customer") {
    await endCustomerSessions(db, claims.id).run();
  }
}

/** The version a new token of the customer carries. */
export async function sessionVersionOf(db: D1Database, customerId: string): Promise<number> {
  const row = await db
    .prepare("SELECT session_version FROM customers WHERE id = ?")
    .bind(customerId)
    .first<{ session_version: number }>();
  return row?.session_version ?? 0;
}
