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

/** How many minor digits `currency` has (ISO 4217): JPY 0, EUR 2, KWD 3. */
export function minorDigits(currency: string): number {
  return formatterFor("en-US", currency).digits;
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

/** A rate in basis points for people: 1900 is "19%", 725 "7.25%", 550 "5.5%". */
export function formatRate(basisPoints: number, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}
