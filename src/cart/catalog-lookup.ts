import { chunks } from "../db/chunks";

/**
 * What carts and checkout need to know of a sku, read from the catalog in D1 (never from a cache).
 * `available` is the snapshot the sku's InventoryObject last published (it trails by about a
 * second): enough for a cart to refuse what cannot be bought, while the hold at checkout stays
 * the authority.
 */
export interface SkuInfo {
  sku: string;
  productSlug: string;
  productTitle: string;
  variantTitle: string;
  priceAmount: number;
  active: boolean;
  available: number;
  /** How many stock objects share the sku (see `src/inventory.ts`). */
  shards: number;
}

export async function lookupSkus(
  db: D1Database,
  skus: readonly string[],
): Promise<Map<string, SkuInfo>> {
  const out = new Map<string, SkuInfo>();
  const unique = [...new Set(skus)];
  if (unique.length === 0) return out;
  const results = await db.batch(
    chunks(unique).map((chunk) =>
      db
        .prepare(
          `SELECT v.sku, p.slug AS productSlug, p.title AS productTitle, v.title AS variantTitle,
             v.price_amount AS priceAmount, p.status = 'active' AS active,
             coalesce(s.available, 0) AS available, v.stock_shards AS shards
           FROM variants v JOIN products p ON p.seq = v.product_seq
             LEFT JOIN stock_levels s ON s.sku = v.sku
           WHERE v.sku IN (${chunk.map(() => "?").join(",")})`,
        )
        .bind(...chunk),
    ),
  );
  for (const result of results) {
    for (const row of result.results as (Omit<SkuInfo, "active"> & { active: number })[]) {
      out.set(row.sku, { ...row, active: row.active === 1 });
    }
  }
  return out;
}
