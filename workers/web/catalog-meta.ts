import type { Context } from "hono";
import type { Category, Product } from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { requestMarket } from "../market";
import {
  breadcrumbJsonLd,
  marketUrl,
  originOf,
  type PageMeta,
  productJsonLd,
  summary,
} from "./seo";
import { storeName } from "./theme";

/** A product page for search engines: its snapshot's offers, its trail, its market's address. */
export async function productMeta(c: Context<AppEnv>, product: Product, categoryName: string) {
  const { set, market } = await requestMarket(c);
  const origin = originOf(c);
  const url = marketUrl(origin, `/products/${product.slug}`, set, market);
  const image = new URL(product.imageUrl, origin).href;
  return {
    description: summary(product.description),
    canonical: url,
    image,
    type: "product" as const,
    jsonLd: [
      productJsonLd(product, url, image),
      breadcrumbJsonLd([
        { name: storeName(), url: marketUrl(origin, "/", set, market) },
        {
          name: categoryName,
          url: marketUrl(origin, "/", set, market, { category: product.category }),
        },
        { name: product.title, url },
      ]),
    ],
  };
}

/** A page of the catalog for search engines; a search's results are not for indexing. */
export async function listingMeta(
  c: Context<AppEnv>,
  filter: { q?: string | undefined; category?: Category | undefined; cursor?: string | undefined },
  categories: Category[],
): Promise<PageMeta> {
  if (filter.q) return { noindex: true };
  const { set, market } = await requestMarket(c);
  const origin = originOf(c);
  const home = marketUrl(origin, "/", set, market);
  const { category, cursor } = filter;
  const canonical = marketUrl(origin, "/", set, market, { category: category?.slug, cursor });
  if (!category) {
    const names = categories.filter((x) => x.productCount > 0).map((x) => x.name);
    return { canonical, description: summary(`${storeName()}: ${names.join(", ")}.`) };
  }
  return {
    canonical,
    description: summary(`${category.name} at ${storeName()}: ${category.productCount} products.`),
    jsonLd: [
      breadcrumbJsonLd([
        { name: storeName(), url: home },
        { name: category.name, url: canonical },
      ]),
    ],
  };
}
