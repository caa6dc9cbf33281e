import { setBounded } from "../bounded-map";
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
    setBounded(memo, sku, { available, at: now }, MAX_MEMO);
    out.set(sku, available);
  }
  return out;
}

/**
 * Skus a hold just found with nothing available, remembered in this isolate for a moment: during
 * a flash sale the buyers who cannot get a unit are told so at once, without a D1 read or a wait
 * in the line of the sku's InventoryObject. A unit that comes back (an unwound hold, a restock
 * through another isolate) is seen again at most SOLD_OUT_MEMORY_MS later.
 */
export const SOLD_OUT_MEMORY_MS = 1_000;
const soldOut = new Map<string, number>();

export function rememberSoldOut(sku: string, now = Date.now()): void {
  setBounded(soldOut, sku, now + SOLD_OUT_MEMORY_MS, MAX_MEMO);
}

/** Which of `skus` a hold found sold out less than SOLD_OUT_MEMORY_MS ago. */
export function knownSoldOut(skus: readonly string[], now = Date.now()): string[] {
  return skus.filter((sku) => (soldOut.get(sku) ?? 0) > now);
}

/** Drops this isolate's snapshots of `skus`, after a stock change made through this isolate. */
export function forgetAvailability(skus: Iterable<string>): void {
  for (const sku of skus) {
    memo.delete(sku);
    soldOut.delete(sku);
  }
}
