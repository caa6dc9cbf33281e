/** Types of what the tests use of invariants.mjs. */
export interface ChaosAnswer {
  status: number | string;
  code: string | null;
}

export function undoneCheckouts(
  orders: { shopperId: string; events: { type: string; reason?: string }[] }[],
  shoppers: { id: string; answers: Map<string, ChaosAnswer> }[],
): number;
