import type { MarketSet } from "../markets/market";
import { cachedCatalogRead } from "./cache";
import { type CatalogReadDeps, listCategories } from "./read";

/** What a sitemap lists: every listed product and category, with the markets it is sold in. */
export interface SitemapEntries {
  products: { slug: string; updatedAt: string; markets: string[] }[];
  categories: { slug: string }[];
}

interface Row {
  slug: string;
  updated_at: string;
  markets: string | null;
}

/**
 * Every active product with the markets that list it: the default market lists every one (its
 * prices are the variants' own), another only those with a sku priced in it. One query, kept
 * in the catalog's cache like every catalog read, so it is made again only after a change.
 */
export async function sitemapEntries(
  deps: CatalogReadDeps,
  set: MarketSet,
): Promise<SitemapEntries> {
  const [products, categories] = await Promise.all([
    cachedCatalogRead(deps, "sitemap", async () => {
      const { results } = await deps.db
        .prepare(
          `SELECT p.slug, p.updated_at,
             (SELECT group_concat(DISTINCT pr.market) FROM variants v
                JOIN prices pr ON pr.sku = v.sku WHERE v.product_seq = p.seq) AS markets
           FROM products p WHERE p.status = 'active' ORDER BY p.seq`,
        )
        .all<Row>();
      return results;
    }),
    listCategories(deps),
  ]);
  const known = new Set(set.markets.map((m) => m.id));
  return {
    products: (products ?? []).map((row) => ({
      slug: row.slug,
      updatedAt: row.updated_at,
      markets: set.markets
        .map((m) => m.id)
        .filter(
          (id) =>
            id === set.defaultId || (known.has(id) && (row.markets ?? "").split(",").includes(id)),
        ),
    })),
    categories: categories.filter((c) => c.productCount > 0).map((c) => ({ slug: c.slug })),
  };
}
