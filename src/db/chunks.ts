/** D1 allows 100 bound parameters per statement; lists bound one value each stay below that. */
export const D1_MAX_BOUND = 90;

export function chunks<T>(items: readonly T[], size = D1_MAX_BOUND): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
