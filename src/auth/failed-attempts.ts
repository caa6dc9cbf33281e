/**
 * Failed sign-in attempts, counted per key (an email with the client's address, or the dashboard
 * with the client's address) in a fixed window. Only failures count, so an owner who signs in
 * from elsewhere is never locked out by someone guessing their password.
 */
const MAX_FAILURES = 10;
export const FAILURE_WINDOW_SECONDS = 60;

/** Whether `key` has failed too often in the current window: refuse before checking anything. */
export async function tooManyFailures(db: D1Database, key: string, now = Date.now()) {
  const row = await db
    .prepare("SELECT failures FROM auth_failures WHERE key = ? AND window_start > ?")
    .bind(key, now - FAILURE_WINDOW_SECONDS * 1000)
    .first<{ failures: number }>();
  return (row?.failures ?? 0) >= MAX_FAILURES;
}

export async function recordFailure(db: D1Database, key: string, now = Date.now()) {
  await db
    .prepare(
      `INSERT INTO auth_failures (key, window_start, failures) VALUES (?1, ?2, 1)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN window_start > ?3 THEN failures + 1 ELSE 1 END,
         window_start = CASE WHEN window_start > ?3 THEN window_start ELSE ?2 END`,
    )
    .bind(key, now, now - FAILURE_WINDOW_SECONDS * 1000)
    .run();
}
