import { AppError } from "../../src/errors";

/** The back office's list pages are numbered from 1; anything else in `?page=` is a 400. */
export function pageNumber(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1) {
    throw new AppError("validation_failed", "The page number is not valid.", [
      { path: "page", message: "a whole number from 1" },
    ]);
  }
  return Number(value);
}

/** A query string of the non-empty values, with `?` in front when there are any. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Major units as typed ("12", "12.5", "12.50"; "1200" for yen, "1.250" for dinars) to integer
 * minor units of a currency of `digits` minor digits, or null if not such a price.
 */
export function parsePrice(text: string, digits = 2): number | null {
  const match = /^(\d{1,9})(?:\.(\d+))?$/.exec(text);
  if (!match || (match[2] ?? "").length > digits) return null;
  const fraction = (match[2] ?? "").padEnd(digits, "0");
  const amount = Number(match[1]) * 10 ** digits + Number(fraction || "0");
  return amount <= 1_000_000_000 ? amount : null;
}

/** Integer minor units as a form shows them again ("12.50", "1200" for yen). */
export const priceText = (amount: number, digits = 2): string =>
  digits === 0
    ? String(amount)
    : `${Math.floor(amount / 10 ** digits)}.${String(amount % 10 ** digits).padStart(digits, "0")}`;
