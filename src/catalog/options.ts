import type { FieldError } from "../errors";
import type { ProductOption } from "../schemas/catalog";

/**
 * Product options: a product has up to three axes (Size, Colour), each with its values in order,
 * and each variant is one combination, a value of every axis. A product without options has
 * variants without them (their titles tell them apart).
 */
export type VariantOptions = Record<string, string>;

/** One key per combination, in the product's axis order. */
const combinationOf = (options: ProductOption[], chosen: VariantOptions) =>
  JSON.stringify(options.map((o) => chosen[o.name] ?? null));

/**
 * Why these variants do not fit these options, if they do not: each variant must give a value of
 * every axis, from that axis's values, in a combination no other variant has.
 */
export function optionErrors(
  options: ProductOption[],
  variants: { options?: VariantOptions | undefined }[],
  prefix = "",
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const names = options.map((o) => o.name);
  variants.forEach((variant, i) => {
    const path = `${prefix}variants.${i}.options`;
    const chosen = variant.options ?? {};
    const given = Object.keys(chosen);
    if (options.length === 0) {
      if (given.length > 0) errors.push({ path, message: "The product has no options." });
      return;
    }
    const unknown = given.filter((name) => !names.includes(name));
    const missing = names.filter((name) => !Object.hasOwn(chosen, name));
    if (unknown.length > 0 || missing.length > 0) {
      errors.push({ path, message: `Give a value of each option: ${names.join(", ")}.` });
      return;
    }
    const wrong = options.find((o) => !o.values.includes(chosen[o.name] as string));
    if (wrong) {
      errors.push({
        path: `${path}.${wrong.name}`,
        message: `Choose one of ${wrong.values.join(", ")}.`,
      });
      return;
    }
    const key = combinationOf(options, chosen);
    if (seen.has(key)) {
      errors.push({ path, message: "Another variant has these options." });
      return;
    }
    seen.add(key);
  });
  return errors;
}

/** A variant's options in the product's axis order (as stored and shown). */
export const orderedOptions = (options: ProductOption[], chosen: VariantOptions): VariantOptions =>
  Object.fromEntries(options.map((o) => [o.name, chosen[o.name] ?? ""]));
