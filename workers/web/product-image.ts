import { Hono } from "hono";
import type { AppEnv } from "../app-env";

function hue(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A placeholder product picture drawn from the slug: demo data needs no image hosting. */
export function productSvg(slug: string): string {
  const h = hue(slug);
  const label = escapeXml(slug.split("-").slice(0, 3).join(" "));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="${label}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${h} 70% 62%)"/><stop offset="1" stop-color="hsl(${(h + 40) % 360} 65% 42%)"/></linearGradient></defs>
<rect width="400" height="400" fill="url(#g)"/>
<circle cx="200" cy="170" r="90" fill="hsl(${h} 80% 92% / .35)"/>
<text x="200" y="330" font-family="system-ui,sans-serif" font-size="28" text-anchor="middle" fill="#fff">${label}</text>
</svg>`;
}

export const productImages = new Hono<AppEnv>().get(
  "/images/products/:file{[a-z0-9-]{1,100}\\.svg}",
  (c) =>
    c.body(productSvg(c.req.param("file").slice(0, -4)), 200, {
      "content-type": "image/svg+xml",
      // The picture is a pure function of its URL.
      "cache-control": "public, max-age=31536000, immutable",
    }),
);
