import type { Category, Product, ProductSummary } from "../schemas/catalog";
import { availabilityOf } from "./availability";
import { type CacheDeps, cachedCatalogRead, hashKey } from "./cache";
import {
  type CatalogPage,
  type ListFilter,
  queryCategories,
  queryProduct,
  queryProductPage,
} from "./queries";

export interface CatalogReadDeps extends CacheDeps {
  db: D1Database;
  currency: string;
  availabilityTtlMs: number;
}

export async function listProducts(
  deps: CatalogReadDeps,
  filter: ListFilter,
): Promise<{ items: ProductSummary[]; nextCursor: string | null }> {
  const key = `products:${await hashKey([filter.q ?? null, filter.category ?? null, filter.limit, filter.cursor ?? null])}`;
  const page = (await cachedCatalogRead<CatalogPage>(deps, key, () =>
    queryProductPage(deps.db, filter, deps.currency),
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

export async function getProduct(deps: CatalogReadDeps, slug: string): Promise<Product | null> {
  const product = await cachedCatalogRead(deps, `product:${slug}`, () =>
    queryProduct(deps.db, slug, deps.currency),
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
