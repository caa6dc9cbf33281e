import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { ORDER_STATUS_SCRIPT } from "./order-status-script";
import { STYLES } from "./styles";

/** FNV-1a: a stable content hash for asset names (not for security). */
function contentHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

const ASSETS = {
  [`app.${contentHash(STYLES)}.css`]: { body: STYLES, type: "text/css; charset=utf-8" },
  [`order-status.${contentHash(ORDER_STATUS_SCRIPT)}.js`]: {
    body: ORDER_STATUS_SCRIPT,
    type: "text/javascript; charset=utf-8",
  },
};

const names = Object.keys(ASSETS);
/** URLs that change whenever their content does, so browsers may keep them for a year. */
export const STYLESHEET_URL = `/assets/${names.find((n) => n.endsWith(".css"))}`;
export const ORDER_STATUS_SCRIPT_URL = `/assets/${names.find((n) => n.endsWith(".js"))}`;

export const assetRoutes = new Hono<AppEnv>().get("/assets/:name", (c) => {
  const asset = ASSETS[c.req.param("name")];
  if (!asset) return c.notFound();
  return c.body(asset.body, 200, {
    "content-type": asset.type,
    "cache-control": "public, max-age=31536000, immutable",
  });
});
