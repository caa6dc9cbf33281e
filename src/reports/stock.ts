/** A sku's stock as catalog reads last saw it (the InventoryObject stays the authority). */
export interface StockRow {
  sku: string;
  productTitle: string;
  variantTitle: string;
  onHand: number | null;
  reserved: number | null;
  available: number | null;
}

/** A sku in the back office's stock list: of any product, archived ones too. */
export interface StockListRow extends StockRow {
  productSlug: string;
  productStatus: string;
}

/**
 * One page of every sku, by sku, narrowed to those whose sku or product or variant title holds
 * `q`. Asks for one row more than a page, so the caller knows whether another page follows.
 * Matched with `instr` (case-insensitive for ASCII, as LIKE): D1 refuses LIKE patterns of 50 bytes.
 */
export async function searchStock(
  db: D1Database,
  filter: { q: string; page: number; pageSize: number },
): Promise<{ items: StockListRow[]; hasNext: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT v.sku, p.title AS productTitle, v.title AS variantTitle, p.slug AS productSlug,
              p.status AS productStatus, s.on_hand AS onHand, s.reserved, s.available
       FROM variants v JOIN products p ON p.seq = v.product_seq
       LEFT JOIN stock_levels s ON s.sku = v.sku
       WHERE ?1 = '' OR instr(lower(v.sku), lower(?1)) > 0 OR instr(lower(p.title), lower(?1)) > 0
          OR instr(lower(v.title), lower(?1)) > 0
       ORDER BY v.sku LIMIT ?2 OFFSET ?3`,
    )
    .bind(filter.q, filter.pageSize + 1, (filter.page - 1) * filter.pageSize)
    .all<StockListRow>();
  return { items: results.slice(0, filter.pageSize), hasNext: results.length > filter.pageSize };
}
