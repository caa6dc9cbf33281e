import * as z from "zod";
import { listAddresses } from "../auth/addresses";
import { verificationState } from "../auth/email-verification";
import { decodeCursor, encodeCursor } from "../cursor";
import { notFound } from "../errors";
import { listOrders } from "../orders/read";
import type { CustomerDetail, CustomerSummary } from "../schemas/admin-customers";

/** The customers staff look through (support: "who is this, what did they order?"). */

interface CustomerRow {
  id: string;
  email: string;
  name: string | null;
  created_at: string;
  email_verified_at: string | null;
  orders: number;
}

const Cursor = z.object({ c: z.string(), i: z.string() });

const summaryOf = (row: CustomerRow): CustomerSummary => ({
  id: row.id,
  email: row.email,
  name: row.name,
  emailVerified: row.email_verified_at !== null,
  orders: row.orders,
  createdAt: row.created_at,
});

/** `%` and `_` in a search are the characters, not LIKE's wildcards. */
const likeOf = (q: string) => `%${q.toLowerCase().replaceAll(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

const SELECT = `SELECT c.id, c.email, c.name, c.created_at, c.email_verified_at,
    (SELECT count(*) FROM orders o WHERE o.shopper_id = c.id AND o.status <> 'pending_payment') AS orders
  FROM customers c`;

/**
 * Customers, the newest first; `q` keeps those whose email or name holds it (any case). Pages by
 * a cursor of the last one's creation time and id.
 */
export async function searchCustomers(
  db: D1Database,
  filter: { q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: CustomerSummary[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const q = filter.q?.trim();
  if (q) {
    params.push(likeOf(q));
    where.push(
      `(c.email_key LIKE ?${params.length} ESCAPE '\\' OR lower(c.name) LIKE ?${params.length} ESCAPE '\\')`,
    );
  }
  if (filter.cursor) {
    const { c, i } = decodeCursor(filter.cursor, Cursor);
    params.push(c, i);
    where.push(`(c.created_at, c.id) < (?${params.length - 1}, ?${params.length})`);
  }
  params.push(filter.limit + 1);
  const { results } = await db
    .prepare(
      `${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY c.created_at DESC, c.id DESC LIMIT ?${params.length}`,
    )
    .bind(...params)
    .all<CustomerRow>();
  const rows = results.slice(0, filter.limit);
  const last = rows.at(-1);
  return {
    items: rows.map(summaryOf),
    nextCursor:
      results.length > filter.limit && last
        ? encodeCursor({ c: last.created_at, i: last.id })
        : null,
  };
}

/** One customer as staff see them: the account, its addresses and its latest orders. */
export async function customerDetail(db: D1Database, id: string): Promise<CustomerDetail> {
  const row = await db.prepare(`${SELECT} WHERE c.id = ?`).bind(id).first<CustomerRow>();
  if (!row) throw notFound("Customer");
  const [state, addresses, orders] = await Promise.all([
    verificationState(db, id),
    listAddresses(db, id),
    listOrders(db, { shopperId: id, limit: 20 }),
  ]);
  return {
    ...summaryOf(row),
    pendingEmail: state.pendingEmail,
    addresses,
    recentOrders: orders.items
      .filter((o) => o.status !== "pending_payment")
      .map((o) => ({
        id: o.id,
        number: o.number,
        status: o.status,
        total: o.total,
        createdAt: o.createdAt,
      })),
  };
}
