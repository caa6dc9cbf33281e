import { secretsEqual } from "../constant-time";
import { base64url, hmacSha256 } from "../sha256-hex";
import type { OrderLinkParts } from "./read";

/**
 * Links to one order's page that work without signing in: every order email carries one, so a
 * guest whose session ended still finds their order, its parcels and its returns. The key is an
 * HMAC of the order's id and its link version, so it opens that order only; raising the version
 * (`revokeOrderLinks`) makes every key sent so far worthless. Nothing of it is stored.
 */
const keyOf = async (secret: string, orderId: string, version: number) =>
  base64url(await hmacSha256(secret, `order-link:${orderId}:${version}`));

interface Linked {
  id: string;
  link: OrderLinkParts;
}

/** Whether a string has a key's shape (43 base64url characters): others open nothing, unread. */
export const looksLikeOrderKey = (key: string) => /^[A-Za-z0-9_-]{43}$/.test(key);

/** The order's page with its current key; null for an order from before links (no origin). */
export async function orderLinkOf(secret: string, order: Linked): Promise<string | null> {
  if (!order.link.origin) return null;
  const key = await keyOf(secret, order.id, order.link.version);
  return `${order.link.origin}/orders/${encodeURIComponent(order.id)}?key=${key}`;
}

/** Whether `key` opens `order` now: made for this order, and not revoked since. */
export async function orderKeyOpens(secret: string, order: Linked, key: string): Promise<boolean> {
  if (!looksLikeOrderKey(key)) return false;
  return secretsEqual(key, await keyOf(secret, order.id, order.link.version));
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
