import type { StaffRole } from "../db/account-schema";
import { notFound } from "../errors";
import { newId } from "../ids";
import { base64url, sha256Hex } from "../sha256-hex";

/** Every key starts so, which tells it from ADMIN_TOKEN and from a shopper's token. */
export const KEY_PREFIX = "sk_admin_";

export interface ApiKey {
  id: string;
  name: string;
  role: StaffRole;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const COLUMNS = `id, name, role, prefix, created_at AS createdAt, last_used_at AS lastUsedAt,
  revoked_at AS revokedAt`;

/** Makes a key: answers it with the key itself, which is never stored (only its SHA-256). */
export async function createApiKey(
  db: D1Database,
  input: { name: string; role: StaffRole },
  now = new Date(),
): Promise<ApiKey & { key: string }> {
  const key = `${KEY_PREFIX}${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const row: ApiKey = {
    id: newId("key"),
    name: input.name,
    role: input.role,
    prefix: key.slice(0, KEY_PREFIX.length + 6),
    createdAt: now.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await db
    .prepare(
      `INSERT INTO api_keys (id, name, role, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(row.id, row.name, row.role, await sha256Hex(key), row.prefix, row.createdAt)
    .run();
  return { ...row, key };
}

export async function listApiKeys(db: D1Database): Promise<ApiKey[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, id`)
    .all<ApiKey>();
  return results;
}

/** Revokes a key (again: nothing more); an unknown id is not found. */
export async function revokeApiKey(db: D1Database, id: string, now = new Date()): Promise<void> {
  const row = await db
    .prepare("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1 RETURNING id")
    .bind(id, now.toISOString())
    .first();
  if (!row) throw notFound("API key");
}

/** A last-used time is written at most this often per key. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The live key `key` is, or null (unknown or revoked), and the statement that notes its use
 * (null when it was noted less than a minute ago).
 */
export async function keyOf(
  db: D1Database,
  key: string,
  now = Date.now(),
): Promise<{ key: ApiKey; touch: D1PreparedStatement | null } | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`)
    .bind(await sha256Hex(key))
    .first<ApiKey>();
  if (!row) return null;
  const stale = !row.lastUsedAt || now - Date.parse(row.lastUsedAt) >= TOUCH_EVERY_MS;
  const at = new Date(now).toISOString();
  return {
    key: row,
    touch: stale
      ? db.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").bind(at, row.id)
      : null,
  };
}
