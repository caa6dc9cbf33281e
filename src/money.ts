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

/** Formatters by locale and currency, with their fraction digits: making one costs far more than using it. */
const formatters = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function formatterFor(locale: string, currency: string) {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatter = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Money for people, e.g. `$12.50`; the amount stays an integer until it is text. */
export function formatMoney(m: Money, locale = "en-US"): string {
  const { format, digits } = formatterFor(locale, m.currency);
  const negative = m.amount < 0;
  const units = String(Math.abs(m.amount)).padStart(digits + 1, "0");
  const decimal = digits > 0 ? `${units.slice(0, -digits)}.${units.slice(-digits)}` : units;
  // Intl formats decimal strings exactly (no float rounding on the way).
  return format.format(`${negative ? "-" : ""}${decimal}` as unknown as number);
}
