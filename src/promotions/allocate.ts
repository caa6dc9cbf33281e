/**
 * Splits `total` minor units over `weights` in proportion, by the largest remainder: every part is
 * an integer, the parts add up to `total` exactly, and no part exceeds its weight when `total`
 * does not exceed their sum (so a discount allocated over lines never makes a line negative).
 * Ties in the remainder go to the earlier weight, so the split is the same every time.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`allocate needs a non-negative integer total, got ${total}`);
  }
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError("allocate needs non-negative integer weights");
  }
  const sum = weights.reduce((a, w) => a + w, 0);
  if (weights.length === 0) return [];
  if (sum === 0) {
    // Nothing to weigh by: the first weight takes it all (only when there is nothing to split).
    return weights.map((_, i) => (i === 0 ? total : 0));
  }
  const t = BigInt(total);
  const s = BigInt(sum);
  const parts = weights.map((w) => (t * BigInt(w)) / s);
  const remainders = weights.map((w, i) => ({ i, r: (t * BigInt(w)) % s }));
  let left = Number(t - parts.reduce((a, p) => a + p, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1;
  }
  return parts.map(Number);
}
