import { Hono } from "hono";
import type { AppEnv } from "../app-env";

function hue(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

/** Text safe inside XML (an SVG, a sitemap): markup characters as numeric references. */
export const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** "merino-wool-crew-sweater" → "MW": the first letters of the first two words. */
export const initialsOf = (slug: string) =>
  slug
    .split("-")
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join("");

/**
 * The picture of a product that has none uploaded: its initials on a soft tint of a colour drawn
 * from the slug, so cards stay told apart without pretending to be a photo.
 */
export function productSvg(slug: string): string {
  const h = hue(slug);
  const label = escapeXml(slug.split("-").join(" "));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="${label}">
<rect width="400" height="400" fill="hsl(${h} 45% 95%)"/>
<circle cx="200" cy="200" r="120" fill="hsl(${h} 50% 87%)"/>
<text x="200" y="200" dy=".35em" font-family="system-ui,sans-serif" font-size="96" font-weight="600" letter-spacing="4" text-anchor="middle" fill="hsl(${h} 35% 30%)">${escapeXml(initialsOf(slug))}</text>
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
