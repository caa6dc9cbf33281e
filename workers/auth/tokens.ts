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
