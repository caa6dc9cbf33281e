import type { MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { createDb } from "../../src/db/client";
import { currentTheme, DEFAULT_THEME, themeFor } from "../../src/theme/theme";
import type { AppEnv } from "../app-env";

/**
 * Makes the store's theme current for the page about to render (src/theme/theme.ts keeps it per
 * isolate). A failed read leaves the last one known (or the default): a page never fails for it.
 */
export const loadTheme: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "POST") {
    await themeFor({ db: createDb(c.env.DB), kv: c.env.CATALOG_CACHE }).catch(() => undefined);
  }
  await next();
};

/** The store's name, as its pages and emails say it. */
export const storeName = () => currentTheme().storeName;

/** The theme's colours as CSS. */
const themeCss = (accent: string) => `:root{--brand:${accent}}\n`;

/** FNV-1a of `text`, in hex: names a version of the theme's stylesheet. */
const fnv = (text: string) =>
  [...text]
    .reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5)
    .toString(16);

/** The theme's stylesheet, or null while the store keeps the default colour (no extra request). */
export function themeStylesheet(): string | null {
  const { accentColor } = currentTheme();
  if (accentColor === DEFAULT_THEME.accentColor) return null;
  return `/theme.css?v=${fnv(themeCss(accentColor))}`;
}

/** The announcement bar above every shop page, if the theme has one. */
export function Announcement() {
  const { announcement } = currentTheme();
  return announcement ? <p class="announcement">{announcement}</p> : null;
}

/** The header's home link: the logo with the store's name, or the name alone. */
export function StoreMark() {
  const { storeName: name, logoUrl } = currentTheme();
  return logoUrl ? <img src={logoUrl} alt={name} height="40" class="store-logo" /> : name;
}

export const themeRoutes = new Hono<AppEnv>().get("/theme.css", (c) => {
  // Named by its content (?v=): cached for good; without it, briefly.
  c.header(
    "cache-control",
    c.req.query("v") ? "public, max-age=31536000, immutable" : "public, max-age=60",
  );
  c.header("content-type", "text/css; charset=utf-8");
  return c.body(themeCss(currentTheme().accentColor));
});
