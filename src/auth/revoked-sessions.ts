/** Sessions (the dashboard's and shoppers') ended by a logout before their token expired. */

export async function revokeSession(db: D1Database, sid: string, expiresAt: number) {
  await db.batch([
    db
      .prepare("DELETE FROM revoked_sessions WHERE expires_at < ?")
      .bind(Math.floor(Date.now() / 1000)),
    db
      .prepare(
        "INSERT INTO revoked_sessions (sid, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
      )
      .bind(sid, expiresAt),
  ]);
}

export async function isRevoked(db: D1Database, sid: string): Promise<boolean> {
  return (
    (await db.prepare("SELECT 1 FROM revoked_sessions WHERE sid = ?").bind(sid).first()) !== null
  );
}
