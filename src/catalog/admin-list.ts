import { likePattern } from "../db/like-pattern";

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
 * Asks for one row more than a page, so the caller knows whether another page follows.
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
       WHERE ?1 = '' OR p.title LIKE ?2 ESCAPE '\\' OR p.slug LIKE ?2 ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM variants v WHERE v.product_seq = p.seq AND v.sku LIKE ?2 ESCAPE '\\')
       ORDER BY p.seq DESC LIMIT ?3 OFFSET ?4`,
    )
    .bind(filter.q, likePattern(filter.q), filter.pageSize + 1, (filter.page - 1) * filter.pageSize)
    .all<AdminProductRow>();
  return { items: results.slice(0, filter.pageSize), hasNext: results.length > filter.pageSize };
}
