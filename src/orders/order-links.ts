import { secretsEqual } from "../constant-time";
import { base64url, hmacSha256 } from "../sha256-hex";

/**
 * Links to one order's page that work without signing in: every order email carries one, so a
 * guest whose session ended still finds their order, its parcels and its returns. The key is an
 * HMAC of the order's id and its link version, so it opens that order only; raising the version
 * (`revokeOrderLinks`) makes every key sent so far worthless. Nothing of it is stored.
 */
const keyOf = async (secret: string, orderId: string, version: number) =>
  base64url(await hmacSha256(secret, `order-link:${orderId}:${version}`));

interface LinkRow {
  origin: string | null;
  link_version: number;
}

const linkRow = (db: D1Database, orderId: string) =>
  db.prepare("SELECT origin, link_version FROM orders WHERE id = ?").bind(orderId).first<LinkRow>();

/** The order's page with its current key; null for an order from before links (no origin). */
export async function orderLinkOf(
  db: D1Database,
  secret: string,
  orderId: string,
): Promise<string | null> {
  const row = await linkRow(db, orderId);
  if (!row?.origin) return null;
  const key = await keyOf(secret, orderId, row.link_version);
  return `${row.origin}/orders/${encodeURIComponent(orderId)}?key=${key}`;
}

/** Whether `key` opens `orderId` now: made for this order, and not revoked since. */
export async function orderKeyOpens(
  db: D1Database,
  secret: string,
  orderId: string,
  key: string,
): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(key)) return false;
  const row = await linkRow(db, orderId);
  if (!row) return false;
  return secretsEqual(key, await keyOf(secret, orderId, row.link_version));
}

/** Revokes every link to the order sent so far; the next email carries a new one. */
export async function revokeOrderLinks(db: D1Database, orderId: string): Promise<number | null> {
  const row = await db
    .prepare(
      "UPDATE orders SET link_version = link_version + 1 WHERE id = ? RETURNING link_version",
    )
    .bind(orderId)
    .first<{ link_version: number }>();
  return row?.link_version ?? null;
}
