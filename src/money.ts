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

/** Money for people, e.g. `$12.50`; the amount stays an integer until it is text. */
/** Formatters by locale and currency: making one costs far more than using it. */
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, format);
  }
  return format;
}

export function formatMoney(m: Money, locale = "en-US"): string {
  const format = formatterFor(locale, m.currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const negative = m.amount < 0;
  const units = String(Math.abs(m.amount)).padStart(digits + 1, "0");
  const decimal = digits > 0 ? `${units.slice(0, -digits)}.${units.slice(-digits)}` : units;
  // Intl formats decimal strings exactly (no float rounding on the way).
  return format.format(`${negative ? "-" : ""}${decimal}` as unknown as number);
}
