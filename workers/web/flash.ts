import type { Context } from "hono";
import * as z from "zod";
import { clearHostCookie, hostCookie, setHostCookie } from "./cookies";

/**
 * A refused form's outcome carried across its redirect (post/redirect/get), so that reloading
 * the page it lands on shows it without posting the form again: the message and what was
 * entered, in a cookie that the next view of that one page reads and clears. A minute is enough
 * for a redirect; the cookie is this site's own (`__Host-`), and the page escapes what it shows.
 */
const FLASH_COOKIE = "flash";

const FlashSchema = z.object({
  path: z.string().max(200),
  error: z.string().max(300),
  sku: z.string().max(100).optional(),
  quantity: z.string().max(4).optional(),
});

export type Flash = Omit<z.infer<typeof FlashSchema>, "path">;

/**
 * Redirects (303) to `location` (a path, with a query perhaps), whose next view shows `flash`.
 * The message is cut to 300 characters so that the cookie, URL-encoded, stays far from the 4 KB
 * a browser keeps.
 */
export function redirectWithFlash(c: Context, location: string, flash: Flash): Response {
  const path = location.split("?")[0] ?? location;
  const kept = {
    path,
    error: flash.error.slice(0, 300),
    ...(flash.sku && flash.sku.length <= 100 ? { sku: flash.sku } : {}),
    ...(flash.quantity && flash.quantity.length <= 4 ? { quantity: flash.quantity } : {}),
  };
  setHostCookie(c, FLASH_COOKIE, JSON.stringify(kept), { maxAge: 60 });
  return c.redirect(location, 303);
}

/** The flash left for this page, once: cleared as it is read; another page's is left alone. */
export function takeFlash(c: Context): Flash | null {
  const text = hostCookie(c, FLASH_COOKIE);
  if (!text) return null;
  let parsed: z.infer<typeof FlashSchema> | null = null;
  try {
    parsed = FlashSchema.safeParse(JSON.parse(text)).data ?? null;
  } catch {}
  if (parsed && parsed.path !== c.req.path) return null;
  clearHostCookie(c, FLASH_COOKIE);
  if (!parsed) return null;
  const { path: _path, ...flash } = parsed;
  return flash;
}
