/** A sku's stock as catalog reads last saw it (the InventoryObject stays the authority). */
export interface StockRow {
  sku: string;
  productTitle: string;
  variantTitle: string;
  onHand: number | null;
  reserved: number | null;
  available: number | null;
}

/** Skus of active products, lowest availability first: what an admin should restock. */
export async function lowStockFirst(db: D1Database, limit = 50): Promise<StockRow[]> {
  const { results } = await db
    .prepare(
      `SELECT v.sku, p.title AS productTitle, v.title AS variantTitle,
              s.on_hand AS onHand, s.reserved, s.available
       FROM variants v JOIN products p ON p.seq = v.product_seq
       LEFT JOIN stock_levels s ON s.sku = v.sku
       WHERE p.status = 'active'
       ORDER BY coalesce(s.available, 0), v.sku LIMIT ?`,
    )
    .bind(limit)
    .all<StockRow>();
  return results;
}
