/** Latency figures for the scenarios that time their own requests instead of using autocannon. */

/** Nearest-rank percentile (`p` in 0..100) of a non-empty list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const tenths = (ms) => Math.round(ms * 10) / 10;

/** p50 and p99 in ms, to 0.1 ms (autocannon's own figures are whole ms). */
export function latencySummary(latencies) {
  if (latencies.length === 0) return { p50Ms: null, p99Ms: null };
  return { p50Ms: tenths(percentile(latencies, 50)), p99Ms: tenths(percentile(latencies, 99)) };
}

/** How many of each status: { 201: 20, 409: 180 }. */
export function countStatuses(statuses) {
  const counts = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** `fn(item, index)` for every item with at most `concurrency` running; results in item order. */
export async function mapConcurrently(items, concurrency, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The median of a non-empty list of numbers (the mean of the middle two when it has no middle). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
