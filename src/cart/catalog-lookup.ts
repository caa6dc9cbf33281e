import { chunks } from "../db/chunks";

/** What carts and checkout need to know of a sku, read from the catalog in D1 (never from a cache). */
export interface SkuInfo {
  sku: string;
  productSlug: string;
  productTitle: string;
  variantTitle: string;
  priceAmount: number;
  active: boolean;
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
             v.price_amount AS priceAmount, p.status = 'active' AS active
           FROM variants v JOIN products p ON p.seq = v.product_seq
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
