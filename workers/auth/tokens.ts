import { sign, verify } from "hono/jwt";
import { sha256Hex } from "../../src/sha256-hex";

/** Who a verified token speaks for. The id is the subject; carts and orders hang off it. */
export interface ShopperClaims {
  id: string;
  kind: "guest" | "customer";
  /** The session's own id: a logout ends it (`revoked_sessions`). Tokens issued before had none. */
  sid?: string;
  /** A customer's session version when it was issued: raising it ends every older session. */
  ver?: number;
  /** When it expires (unix seconds), which its revocation is kept until. */
  exp?: number;
}

// Pinned: a token with any other `alg` (including `none`) fails verification.
const ALG = "HS256";
/**
 * Shopper and dashboard tokens share JWT_SECRET but never each other's audience: each side
 * checks `aud`, so neither kind of token is accepted where the other is expected.
 */
const SHOPPER_AUDIENCE = "shop";
const ADMIN_AUDIENCE = "admin";

/** The HMAC key of each secret, imported once per isolate rather than at every sign or verify. */
const keys = new Map<string, Promise<CryptoKey>>();

function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}

/** Cookie names; set with hono's `prefix: "host"`, so the browser sees `__Host-<name>`. */
export const SESSION_COOKIE = "session";
export const ADMIN_COOKIE = "admin_session";

export async function issueToken(
  claims: ShopperClaims,
  secret: string,
  ttlSeconds: number,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  return sign(
    {
      sub: claims.id,
      kind: claims.kind,
      sid: crypto.randomUUID(),
      ...(claims.kind === "customer" ? { ver: claims.ver ?? 0 } : {}),
      aud: SHOPPER_AUDIENCE,
      iat: now,
      exp: now + ttlSeconds,
    },
    await keyOf(secret),
    ALG,
  );
}

/** The claims of a valid token, or null for a tampered, expired, wrongly signed or odd one. */
export async function readToken(token: string, secret: string): Promise<ShopperClaims | null> {
  try {
    const payload = await verify(token, await keyOf(secret), { alg: ALG });
    const { sub, kind } = payload;
    if (payload.aud !== SHOPPER_AUDIENCE) return null;
    if (typeof sub !== "string" || (kind !== "guest" && kind !== "customer")) return null;
    if (typeof payload.exp !== "number") return null;
    const { sid, ver } = payload;
    return {
      id: sub,
      kind,
      exp: payload.exp,
      ...(typeof sid === "string" ? { sid } : {}),
      ...(typeof ver === "number" ? { ver } : {}),
    };
  } catch {
    return null;
  }
}

export const ADMIN_SESSION_SECONDS = 8 * 3600;

/** A short digest of the admin token: a dashboard session dies when ADMIN_TOKEN changes. */
async function adminTokenTag(adminToken: string): Promise<string> {
  return (await sha256Hex(adminToken)).slice(0, 24);
}

/** Who a back-office session is: the bootstrap ADMIN_TOKEN's holder, or a member of staff. */
export type AdminSessionClaims =
  | { sid: string; exp: number; staff: null }
  | { sid: string; exp: number; staff: { id: string; ver: number } };

/**
 * The back office's session after sign-in: a short-lived token of its own. One signed in with
 * ADMIN_TOKEN carries its digest (and dies when ADMIN_TOKEN changes); a member's carries their
 * session version (and dies when it rises), not the admin token's.
 */
export async function issueAdminToken(
  secret: string,
  who: { adminToken: string } | { staffId: string; ver: number },
  now = Math.floor(Date.now() / 1000),
) {
  const subject =
    "adminToken" in who
      ? { sub: "admin", tag: await adminTokenTag(who.adminToken) }
      : { sub: who.staffId, kind: "staff", ver: who.ver };
  return sign(
    {
      ...subject,
      aud: ADMIN_AUDIENCE,
      sid: crypto.randomUUID(),
      iat: now,
      exp: now + ADMIN_SESSION_SECONDS,
    },
    await keyOf(secret),
    ALG,
  );
}

/** The claims of a valid back-office token (an ADMIN_TOKEN one only under the current ADMIN_TOKEN), else null. */
export async function adminSessionOf(
  token: string,
  secret: string,
  adminToken: string,
): Promise<AdminSessionClaims | null> {
  try {
    const payload = await verify(token, await keyOf(secret), { alg: ALG });
    const { sid, exp, sub } = payload;
    if (payload.aud !== ADMIN_AUDIENCE || typeof sid !== "string" || typeof exp !== "number") {
      return null;
    }
    if (payload.kind === "staff") {
      if (typeof sub !== "string" || typeof payload.ver !== "number") return null;
      return { sid, exp, staff: { id: sub, ver: payload.ver } };
    }
    if (sub !== "admin" || payload.tag !== (await adminTokenTag(adminToken))) return null;
    return { sid, exp, staff: null };
  } catch {
    return null;
  }
}
