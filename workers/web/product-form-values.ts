// A product form's values as typed, its prices as money, and its errors by field.
import type { AppError } from "../../src/errors";
import { minorDigits } from "../../src/money";
import { parsePrice } from "./admin-forms";
import { type FormBody, fieldText } from "./form";

export type Errors = Record<string, string>;
export type Values = Record<string, string>;

/** Field errors by form field: a price's `amount` or `currency` belongs to its price field. */
export function errorsOf(err: AppError | { path: string; message: string }[]): Errors {
  const list = Array.isArray(err) ? err : (err.errors ?? []);
  const errors: Errors = {};
  for (const e of list) {
    const field = e.path.replace(/\.(amount|currency)$/, "");
    errors[field] ??= e.message;
  }
  return errors;
}

export const zodErrors = (issues: { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));

/** The form's text values by name (files left out), to show them again after a refusal. */
export const valuesOf = (form: FormBody): Values =>
  Object.fromEntries(
    Object.keys(form).flatMap((k) =>
      typeof form[k] === "string" ? [[k, fieldText(form, k)]] : [],
    ),
  );

/** A typed price as money in `currency` (its own minor digits), or a field error for it. */
export function priceOf(text: string, currency: string, field: string, errors: Errors) {
  const digits = minorDigits(currency);
  const amount = parsePrice(text, digits);
  if (amount === null) {
    errors[field] =
      digits === 0
        ? "A price in whole units, such as 1200."
        : `A price such as 12 or 12.${"5".padEnd(digits, "0")}.`;
    return undefined;
  }
  return { amount, currency };
}
