import { chunks } from "../db/chunks";

/**
 * Availability for catalog reads, from the snapshots each InventoryObject publishes to D1.
 * Each isolate reuses a snapshot for `ttlMs`, so a cached catalog read normally touches no D1,
 * and `available` lags the authority by at most ttlMs plus the publish interval (about 1 s).
 */
interface Memo {
  available: number;
  at: number;
}

const memo = new Map<string, Memo>();
const MAX_MEMO = 50_000;

export async function availabilityOf(
  db: D1Database,
  skus: readonly string[],
  ttlMs: number,
  now = Date.now(),
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const stale: string[] = [];
  for (const sku of new Set(skus)) {
    const m = memo.get(sku);
    if (m && now - m.at < ttlMs) out.set(sku, m.available);
    else stale.push(sku);
  }
  if (stale.length === 0) return out;

  if (memo.size + stale.length > MAX_MEMO) memo.clear();
  const results = await db.batch(
    chunks(stale).map((chunk) =>
      db
        .prepare(
          `SELECT sku, available FROM stock_levels WHERE sku IN (${chunk.map(() => "?").join(",")})`,
        )
        .bind(...chunk),
    ),
  );
  const found = new Map<string, number>();
  for (const result of results) {
    for (const row of result.results as { sku: string; available: number }[]) {
      found.set(row.sku, row.available);
    }
  }
  for (const sku of stale) {
    const available = found.get(sku) ?? 0;
    memo.set(sku, { available, at: now });
    out.set(sku, available);
  }
  return out;
}

/** Drops this isolate's snapshots of `skus`, after a stock change made through this isolate. */
export function forgetAvailability(skus: Iterable<string>): void {
  for (const sku of skus) memo.delete(sku);
}
