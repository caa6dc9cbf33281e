import { Hono } from "hono";
import { sitemapEntries } from "../../src/catalog/sitemap";
import type { Market, MarketSet } from "../../src/markets/market";
import type { AppEnv } from "../app-env";
import { catalogDeps } from "../deps";
import { marketsOf } from "../market";
import { escapeXml } from "./product-image";
import { marketUrl, originOf } from "./seo";

/** At most this many addresses in one sitemap file (the protocol's limit is 50,000). */
export const SITEMAP_PAGE_SIZE = 10_000;

/** A page of the shop in each market that has it, as `<url>` entries with hreflang alternates. */
interface Page {
  path: string;
  params?: Record<string, string>;
  markets: Market[];
  lastmod?: string;
}

function urlEntries(origin: string, set: MarketSet, page: Page): string[] {
  const href = (m: Market) => escapeXml(marketUrl(origin, page.path, set, m, page.params));
  const link = (lang: string, url: string) =>
    `<xhtml:link rel="alternate" hreflang="${escapeXml(lang)}" href="${url}"/>`;
  const alternates: string[] = [];
  if (page.markets.length > 1) {
    const locales = new Set<string>();
    for (const m of page.markets) {
      if (!locales.has(m.locale)) alternates.push(link(m.locale, href(m)));
      locales.add(m.locale);
    }
    const fallback = page.markets.find((m) => m.id === set.defaultId);
    if (fallback) alternates.push(link("x-default", href(fallback)));
  }
  const lastmod = page.lastmod ? `<lastmod>${escapeXml(page.lastmod.slice(0, 10))}</lastmod>` : "";
  return page.markets.map(
    (m) => `<url><loc>${href(m)}</loc>${lastmod}${alternates.join("")}</url>`,
  );
}

/**
 * `/sitemap.xml`: the home page, every category with products and every listed product, in each
 * market that sells it, each with its other markets' addresses as hreflang alternates. Read from
 * the catalog's cache (made again after a catalog change); past 10,000 addresses it is an index
 * of pages (`/sitemap.xml?page=2`). `/robots.txt` names it and keeps crawlers off private pages.
 */
export const sitemapRoutes = new Hono<AppEnv>()
  .get("/sitemap.xml", async (c) => {
    const set = await marketsOf(c);
    const entries = await sitemapEntries(catalogDeps(c), set);
    const byId = new Map(set.markets.map((m) => [m.id, m]));
    const origin = originOf(c);
    const pages: Page[] = [
      { path: "/", markets: set.markets },
      ...entries.categories.map((cat) => ({
        path: "/",
        params: { category: cat.slug },
        markets: set.markets,
      })),
      ...entries.products.map((p) => ({
        path: `/products/${p.slug}`,
        markets: p.markets.flatMap((id) => byId.get(id) ?? []),
        lastmod: p.updatedAt,
      })),
    ];
    const urls = pages.flatMap((page) => urlEntries(origin, set, page));
    const pageCount = Math.ceil(urls.length / SITEMAP_PAGE_SIZE);
    const asked = Number(c.req.query("page") ?? "0");
    c.header("content-type", "application/xml; charset=utf-8");
    c.header("cache-control", "public, max-age=300");
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
    if (pageCount > 1 && !asked) {
      const list = Array.from(
        { length: pageCount },
        (_, i) =>
          `<sitemap><loc>${escapeXml(`${origin}/sitemap.xml?page=${i + 1}`)}</loc></sitemap>`,
      );
      return c.body(
        `${xml}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${list.join("")}</sitemapindex>\n`,
      );
    }
    const page = pageCount > 1 ? asked : 1;
    if (!Number.isInteger(page) || page < 1 || page > Math.max(pageCount, 1)) return c.notFound();
    const slice = urls.slice((page - 1) * SITEMAP_PAGE_SIZE, page * SITEMAP_PAGE_SIZE);
    return c.body(
      `${xml}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${slice.join("")}</urlset>\n`,
    );
  })
  .get("/robots.txt", (c) => {
    c.header("cache-control", "public, max-age=3600");
    return c.text(
      [
        "User-agent: *",
        "Disallow: /admin",
        "Disallow: /api/v1/",
        "Disallow: /cart",
        "Disallow: /checkout",
        "Disallow: /orders",
        "Disallow: /account",
        "Disallow: /login",
        "Disallow: /register",
        "Disallow: /password-reset",
        "Disallow: /returns",
        "",
        `Sitemap: ${originOf(c)}/sitemap.xml`,
        "",
      ].join("\n"),
    );
  });
