/** Money as the contract shows it: integer minor units and an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`money amount must be an integer of minor units, got ${amount}`);
  }
  return { amount, currency };
}
