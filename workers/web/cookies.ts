import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * The site's cookies, all alike: `__Host-` prefixed (HTTPS, this host, path `/`), never read by
 * scripts. `strict` keeps a cookie off every request that comes from another site (the admin's).
 */
export function setHostCookie(
  c: Context,
  name: string,
  value: string,
  { maxAge, strict = false }: { maxAge: number; strict?: boolean },
): void {
  setCookie(c, name, value, {
    httpOnly: true,
    secure: true,
    sameSite: strict ? "Strict" : "Lax",
    path: "/",
    maxAge,
    prefix: "host",
  });
}

export const hostCookie = (c: Context, name: string) => getCookie(c, name, "host");

export function clearHostCookie(c: Context, name: string): void {
  deleteCookie(c, name, { path: "/", secure: true, prefix: "host" });
}
