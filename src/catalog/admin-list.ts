/** A product as the back office lists it: archived ones too, with how many variants it has. */
export interface AdminProductRow {
  slug: string;
  title: string;
  category: string;
  status: string;
  variants: number;
  updatedAt: string;
}

/**
 * One page of every product, newest first, narrowed to those whose title, slug or a sku holds `q`.
 * Asks for one row more than a page, so the caller knows whether another page follows. Matched
 * with `instr`, not LIKE: D1 refuses a LIKE pattern of 50 bytes or more ("too complex").
 */
export async function searchProducts(
  db: D1Database,
  filter: { q: string; page: number; pageSize: number },
): Promise<{ items: AdminProductRow[]; hasNext: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT p.slug, p.title, c.slug AS category, p.status, p.updated_at AS updatedAt,
              (SELECT count(*) FROM variants v WHERE v.product_seq = p.seq) AS variants
       FROM products p JOIN categories c ON c.id = p.category_id
       WHERE ?1 = '' OR instr(lower(p.title), lower(?1)) > 0 OR instr(lower(p.slug), lower(?1)) > 0
          OR EXISTS (SELECT 1 FROM variants v WHERE v.product_seq = p.seq AND instr(lower(v.sku), lower(?1)) > 0)
       ORDER BY p.seq DESC LIMIT ?2 OFFSET ?3`,
    )
    .bind(filter.q, filter.pageSize + 1, (filter.page - 1) * filter.pageSize)
    .all<AdminProductRow>();
  return { items: results.slice(0, filter.pageSize), hasNext: results.length > filter.pageSize };
}
