/**
 * Failed sign-in attempts, counted per key (an email with the client's address, the dashboard
 * with the client's address, or a member of staff's email alone) in a fixed window. Only
 * failures count, so an owner who signs in from elsewhere is never locked out by someone
 * guessing their password from one address.
 */
export interface FailureLimit {
  max: number;
  windowSeconds: number;
}

/** Per email (or dashboard) and address: 10 a minute. */
export const PER_ADDRESS: FailureLimit = { max: 10, windowSeconds: 60 };
export const FAILURE_WINDOW_SECONDS = PER_ADDRESS.windowSeconds;

/** Whether `key` has failed too often in the current window: refuse before checking anything. */
export async function tooManyFailures(
  db: D1Database,
  key: string,
  limit = PER_ADDRESS,
  now = Date.now(),
) {
  const row = await db
    .prepare("SELECT failures FROM auth_failures WHERE key = ? AND window_start > ?")
    .bind(key, now - limit.windowSeconds * 1000)
    .first<{ failures: number }>();
  return (row?.failures ?? 0) >= limit.max;
}

export async function recordFailure(
  db: D1Database,
  key: string,
  limit = PER_ADDRESS,
  now = Date.now(),
) {
  await db
    .prepare(
      `INSERT INTO auth_failures (key, window_start, failures) VALUES (?1, ?2, 1)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN window_start > ?3 THEN failures + 1 ELSE 1 END,
         window_start = CASE WHEN window_start > ?3 THEN window_start ELSE ?2 END`,
    )
    .bind(key, now, now - limit.windowSeconds * 1000)
    .run();
}
