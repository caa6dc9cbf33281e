import { minorDigits } from "../../src/money";
import type { DiscountDefinition } from "../../src/promotions/discount-store";
import type { Promotion, PromotionRule } from "../../src/promotions/rule";
import { priceText } from "./admin-forms";
import { type Errors, priceOf, type Values } from "./product-form-values";

/** A `datetime-local` value, read as UTC. */
export const utcTime = (text: string | undefined) =>
  text ? `${text.length === 16 ? `${text}:00` : text}Z` : undefined;

/** An ISO time as a `datetime-local` value (UTC). */
const localTime = (iso: string | null) => (iso ? iso.slice(0, 16) : "");

export const whole = (text: string | undefined) =>
  text && /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined;

/** "a, b c" → ["a", "b", "c"] (lower-cased unless `asTyped`: skus keep their case). */
const list = (text: string | undefined, asTyped = false) => {
  const items = (text ?? "")
    .split(/[\s,]+/)
    .map((s) => (asTyped ? s : s.toLowerCase()))
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

/** "60.00 EUR" → { amount: 6000, currency: "EUR" }. */
function minimumOf(text: string | undefined, errors: Errors) {
  const match = /^\s*([\d.,]+)\s+([A-Za-z]{3})\s*$/.exec(text ?? "");
  if (!text?.trim()) return undefined;
  if (!match) {
    errors.minSubtotal = "An amount and its currency, such as 60.00 EUR.";
    return undefined;
  }
  return priceOf(match[1] ?? "", (match[2] ?? "").toUpperCase(), "minSubtotal", errors);
}

/**
 * The fields a code's and a promotion's forms share, as the admin API's input: percent as a whole
 * number, an amount off in the currency's own digits ("7.50"), lists separated by commas or spaces.
 */
function ruleInputOf(values: Values, errors: Errors): Record<string, unknown> {
  const kind = values.kind ?? "";
  const currency = (values.currency ?? "").trim().toUpperCase();
  const value =
    kind === "fixed"
      ? priceOf(values.value ?? "", /^[A-Z]{3}$/.test(currency) ? currency : "USD", "value", errors)
          ?.amount
      : whole(values.value);
  const minSubtotal = minimumOf(values.minSubtotal, errors);
  return {
    kind,
    ...(value !== undefined && (kind === "percentage" || kind === "fixed") ? { value } : {}),
    ...(kind === "fixed" && currency ? { currency } : {}),
    ...(list(values.categories) ? { categories: list(values.categories) } : {}),
    ...(list(values.skus, true) ? { skus: list(values.skus, true) } : {}),
    ...(list(values.markets) ? { markets: list(values.markets) } : {}),
    ...(minSubtotal ? { minSubtotal } : {}),
    ...(values.startsAt ? { startsAt: utcTime(values.startsAt) } : {}),
    ...(values.endsAt ? { endsAt: utcTime(values.endsAt) } : {}),
  };
}

/** The promotion form's fields as the admin API's input. */
export function promotionInputOf(values: Values, errors: Errors): Record<string, unknown> {
  const kind = values.kind ?? "";
  return {
    title: values.title ?? "",
    ...ruleInputOf(values, errors),
    ...(kind === "buy_x_get_y" && whole(values.buyQuantity)
      ? { buyQuantity: whole(values.buyQuantity) }
      : {}),
    ...(kind === "buy_x_get_y" && whole(values.getQuantity)
      ? { getQuantity: whole(values.getQuantity) }
      : {}),
    ...(whole(values.position) !== undefined ? { position: whole(values.position) } : {}),
  };
}

/** The code form's fields as the admin API's input. */
export function discountInputOf(values: Values, errors: Errors): Record<string, unknown> {
  return {
    code: values.code ?? "",
    ...ruleInputOf(values, errors),
    ...(whole(values.usageLimit) ? { usageLimit: whole(values.usageLimit) } : {}),
    ...(whole(values.perCustomerLimit) ? { perCustomerLimit: whole(values.perCustomerLimit) } : {}),
  };
}

/** A stored rule's shared fields as the form's. */
function ruleValuesOf(p: PromotionRule): Values {
  return {
    kind: p.kind,
    value:
      p.value === null
        ? ""
        : p.kind === "fixed"
          ? priceText(p.value, minorDigits(p.currency ?? "USD"))
          : String(p.value),
    currency: p.currency ?? "",
    categories: (p.categories ?? []).join(", "),
    skus: (p.skus ?? []).join(", "),
    markets: (p.markets ?? []).join(", "),
    minSubtotal: p.minSubtotal
      ? `${priceText(p.minSubtotal.amount, minorDigits(p.minSubtotal.currency))} ${p.minSubtotal.currency}`
      : "",
    startsAt: localTime(p.startsAt),
    endsAt: localTime(p.endsAt),
  };
}

/** A stored promotion as the form's fields. */
export function promotionValuesOf(p: Promotion): Values {
  return {
    ...ruleValuesOf(p),
    title: p.title,
    buyQuantity: p.buyQuantity === null ? "" : String(p.buyQuantity),
    getQuantity: p.getQuantity === null ? "" : String(p.getQuantity),
    position: String(p.position),
  };
}

/** A stored code as the form's fields. */
export function discountValuesOf(d: DiscountDefinition): Values {
  return {
    ...ruleValuesOf(d),
    code: d.code,
    usageLimit: d.usageLimit === null ? "" : String(d.usageLimit),
    perCustomerLimit: d.perCustomerLimit === null ? "" : String(d.perCustomerLimit),
  };
}

/**
 * A form's input as a patch: the form sends every field but `fixed`, so a field left empty is
 * removed (`null`).
 */
export function formPatch<K extends string>(
  keys: readonly K[],
  asked: Record<string, unknown>,
  fixed: readonly K[],
): Record<string, unknown> {
  return Object.fromEntries(
    keys.filter((k) => !fixed.includes(k)).map((k) => [k, asked[k] ?? null]),
  );
}
