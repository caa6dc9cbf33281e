import { sign, verify } from "hono/jwt";

/** Who a verified token speaks for. The id is the subject; carts and orders hang off it. */
export interface ShopperClaims {
  id: string;
  kind: "guest" | "customer";
}

// Pinned: a token with any other `alg` (including `none`) fails verification.
const ALG = "HS256";
export const SESSION_COOKIE = "session";

export async function issueToken(
  claims: ShopperClaims,
  secret: string,
  ttlSeconds: number,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  return sign({ sub: claims.id, kind: claims.kind, iat: now, exp: now + ttlSeconds }, secret, ALG);
}

/** The claims of a valid token, or null for a tampered, expired, wrongly signed or odd one. */
export async function readToken(token: string, secret: string): Promise<ShopperClaims | null> {
  try {
    const payload = await verify(token, secret, { alg: ALG });
    const { sub, kind } = payload;
    if (typeof sub !== "string" || (kind !== "guest" && kind !== "customer")) return null;
    if (typeof payload.exp !== "number") return null;
    return { id: sub, kind };
  } catch {
    return null;
  }
}

const ADMIN_SUBJECT = "admin";
export const ADMIN_COOKIE = "admin_session";
export const ADMIN_SESSION_SECONDS = 8 * 3600;

/** The dashboard's session after an admin typed the admin token: a short-lived token of its own. */
export async function issueAdminToken(secret: string, now = Math.floor(Date.now() / 1000)) {
  return sign(
    { sub: ADMIN_SUBJECT, role: "admin", iat: now, exp: now + ADMIN_SESSION_SECONDS },
    secret,
    ALG,
  );
}

export async function isAdminToken(token: string, secret: string): Promise<boolean> {
  try {
    const payload = await verify(token, secret, { alg: ALG });
    return payload.sub === ADMIN_SUBJECT && payload.role === "admin";
  } catch {
    return false;
  }
}
