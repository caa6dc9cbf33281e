import type { PriceList } from "../markets/market";
import type { Category, Product, ProductSummary } from "../schemas/catalog";
import { isSlug } from "../schemas/common";
import { availabilityOf } from "./availability";
import { type CacheDeps, cachedCatalogRead, hashKey } from "./cache";
import { isRefined, queryRefinedPage, type Refinement } from "./listing";
import {
  type CatalogPage,
  type ListFilter,
  queryCategories,
  queryProduct,
  queryProductPage,
} from "./queries";

export interface CatalogReadDeps extends CacheDeps {
  db: D1Database;
  availabilityTtlMs: number;
}

/**
 * A page of the products sold in `list`'s market, at its prices: newest first, by relevance for
 * a search, or as `refine` sorts and narrows a browse (a search keeps its relevance order).
 */
export async function listProducts(
  deps: CatalogReadDeps,
  list: PriceList,
  filter: ListFilter & Refinement,
): Promise<{ items: ProductSummary[]; nextCursor: string | null }> {
  const refined = filter.q === undefined && isRefined(filter);
  const key = `products:${await hashKey([list.market, filter.q ?? null, filter.category ?? null, filter.limit, filter.cursor ?? null, ...(refined ? [filter.sort ?? null, filter.minPrice ?? null, filter.maxPrice ?? null, filter.inStock ?? null, JSON.stringify(filter.options ?? {})] : [])])}`;
  // Only first pages without a search string go to KV: a bounded set, whoever asks. Not those
  // narrowed to what is in stock: stock changes without a catalog version.
  const shared = filter.q === undefined && filter.cursor === undefined && !filter.inStock;
  const page = (await cachedCatalogRead<CatalogPage>(
    deps,
    key,
    () =>
      refined
        ? queryRefinedPage(deps.db, filter, list, filter)
        : queryProductPage(deps.db, filter, list),
    shared,
  )) ?? { items: [], nextCursor: null };
  const available = await availabilityOf(
    deps.db,
    page.items.flatMap((p) => p.skus),
    deps.availabilityTtlMs,
  );
  return {
    items: page.items.map(({ skus, ...summary }) => ({
      ...summary,
      inStock: skus.some((sku) => (available.get(sku) ?? 0) > 0),
    })),
    nextCursor: page.nextCursor,
  };
}

/** A product with the variants sold in `list`'s market, at its prices; null if none is. */
export async function getProduct(
  deps: CatalogReadDeps,
  list: PriceList,
  slug: string,
): Promise<Product | null> {
  // A value that cannot be a slug names no product; it never reaches KV or D1.
  if (!isSlug(slug)) return null;
  const product = await cachedCatalogRead(deps, `product:${list.market}:${slug}`, () =>
    queryProduct(deps.db, slug, list),
  );
  if (!product) return null;
  const available = await availabilityOf(
    deps.db,
    product.variants.map((v) => v.sku),
    deps.availabilityTtlMs,
  );
  return {
    ...product,
    variants: product.variants.map((v) => ({ ...v, available: available.get(v.sku) ?? 0 })),
  };
}

export async function listCategories(deps: CatalogReadDeps): Promise<Category[]> {
  return (await cachedCatalogRead(deps, "categories", () => queryCategories(deps.db))) ?? [];
}
