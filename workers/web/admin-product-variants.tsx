// The back office's forms for a product's options and variants: the option axes (Size, Colour)
// with each variant's value of each, a new variant, and removing one. Their fields are prefixed
// (`axes.`, `new.`, `remove.`) so that the edit page can show any one of them again refused.
import type { Product, ProductOption } from "../../src/schemas/catalog";
import { ConfirmBox, Wide } from "./admin-layout";
import { Field } from "./layout";
import type { Errors, Values } from "./product-form-values";

/** A product has at most this many option axes (ProductOptionsSchema). */
export const AXIS_SLOTS = 3;
const SLOTS = Array.from({ length: AXIS_SLOTS }, (_, j) => j);

/** The options form's values for a product as it is. */
export function axisValues(product: Product): Values {
  return Object.fromEntries([
    ...product.options.flatMap((o, j) => [
      [`axes.${j}.name`, o.name],
      [`axes.${j}.values`, o.values.join(", ")],
    ]),
    ...product.variants.flatMap((v, i) =>
      product.options.map((o, j) => [`axes.variants.${i}.${j}`, v.options[o.name] ?? ""]),
    ),
  ]);
}

/**
 * The options form as posted: the axes of the rows with a name or values (their slots kept, to
 * put errors back on their fields) and each variant's value of each.
 */
export function postedAxes(product: Product, values: Values) {
  const text = (name: string) => (values[name] ?? "").trim();
  const slots = SLOTS.filter((j) => text(`axes.${j}.name`) || text(`axes.${j}.values`));
  const options: ProductOption[] = slots.map((j) => ({
    name: text(`axes.${j}.name`),
    values: text(`axes.${j}.values`)
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  }));
  const variants = product.variants.map((v, i) => ({
    sku: v.sku,
    options: Object.fromEntries(
      options.map((o, k) => [o.name, text(`axes.variants.${i}.${slots[k]}`)]),
    ),
  }));
  /** The form field an error of the patch (`options.1.values`, `variants.0.options.Size`) is about. */
  const fieldOf = (path: string) => {
    const axis = /^options\.(\d+)\.(name|values)/.exec(path);
    if (axis) return `axes.${slots[Number(axis[1])]}.${axis[2]}`;
    const cell = /^variants\.(\d+)\.options(?:\.(.+))?$/.exec(path);
    if (cell) {
      const k = Math.max(0, cell[2] ? options.findIndex((o) => o.name === cell[2]) : 0);
      return `axes.variants.${cell[1]}.${slots[k] ?? 0}`;
    }
    return "axes";
  };
  return { patch: { options, variants }, fieldOf };
}

/** The option axes and every variant's value of each: one form, saved as one patch. */
export function OptionsForm(props: { product: Product; values: Values; errors: Errors }) {
  const { product, values, errors } = props;
  return (
    <form method="post" action={`/admin/products/${product.slug}/options`} novalidate>
      {errors.axes ? <p class="error">{errors.axes}</p> : null}
      <p class="muted">
        Up to three options, each with its values in the order the shop shows them; every variant is
        one combination, a value of each. An empty row is no option.
      </p>
      {SLOTS.map((j) => (
        <fieldset>
          <legend>Option {j + 1}</legend>
          <Field
            name={`axes.${j}.name`}
            label="Name"
            hint="e.g. Size"
            value={values[`axes.${j}.name`]}
            error={errors[`axes.${j}.name`]}
          />
          <Field
            name={`axes.${j}.values`}
            label="Values, separated by commas"
            hint="e.g. S, M, L"
            value={values[`axes.${j}.values`]}
            error={errors[`axes.${j}.values`]}
          />
        </fieldset>
      ))}
      <Wide>
        <table>
          <caption>Each variant's value of each option</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              {SLOTS.map((j) => (
                <th scope="col">{values[`axes.${j}.name`] || `Option ${j + 1}`}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {product.variants.map((v, i) => (
              <tr>
                <th scope="row">{v.sku}</th>
                {SLOTS.map((j) => {
                  const name = `axes.variants.${i}.${j}`;
                  const id = `f-${name.replaceAll(".", "-")}`;
                  return (
                    <td>
                      <input
                        id={id}
                        name={name}
                        value={values[name] ?? ""}
                        aria-label={`${v.sku}: ${values[`axes.${j}.name`] || `option ${j + 1}`}`}
                        aria-invalid={errors[name] ? "true" : undefined}
                        aria-describedby={errors[name] ? `${id}-error` : undefined}
                      />
                      {errors[name] ? (
                        <span id={`${id}-error`} class="error">
                          {errors[name]}
                        </span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
      <button type="submit">Save options</button>
    </form>
  );
}

/** One more variant: a combination of the product's options, its price and its stock. */
export function NewVariantForm(props: {
  product: Product;
  currency: string;
  values: Values;
  errors: Errors;
}) {
  const { product, values, errors } = props;
  const field = (name: string, label: string, hint?: string) => (
    <Field
      name={`new.${name}`}
      label={label}
      hint={hint}
      value={values[`new.${name}`]}
      error={errors[`new.${name}`]}
    />
  );
  return (
    <form method="post" action={`/admin/products/${product.slug}/variants`} novalidate>
      {errors.new ? <p class="error">{errors.new}</p> : null}
      {field("sku", "Sku")}
      {field("title", "Variant title")}
      {field("price", `Price (${props.currency}, the default market)`, "e.g. 12.50")}
      {field("stock", "Units on hand")}
      {product.options.map((o, k) => {
        const name = `new.options.${k}`;
        const id = `f-${name.replaceAll(".", "-")}`;
        return (
          <div class="field">
            <label for={id}>{o.name}</label>
            <select
              id={id}
              name={name}
              aria-invalid={errors[name] ? "true" : undefined}
              aria-describedby={errors[name] ? `${id}-error` : undefined}
            >
              <option value="">Choose…</option>
              {o.values.map((v) => (
                <option value={v} selected={values[name] === v}>
                  {v}
                </option>
              ))}
            </select>
            {errors[name] ? (
              <span id={`${id}-error`} class="error">
                {errors[name]}
              </span>
            ) : null}
          </div>
        );
      })}
      <button type="submit">Add variant</button>
    </form>
  );
}

/** Takes one variant out of the product (the last one stays: archive the product instead). */
export function RemoveVariantForm(props: { product: Product; values: Values; errors: Errors }) {
  const { product, values, errors } = props;
  if (product.variants.length < 2) return null;
  return (
    <form
      method="post"
      action={`/admin/products/${product.slug}/variants/remove`}
      class="confirm"
      novalidate
    >
      <div class="field">
        <label for="f-remove-sku">Variant</label>
        <select id="f-remove-sku" name="remove.sku">
          {product.variants.map((v) => (
            <option value={v.sku} selected={values["remove.sku"] === v.sku}>
              {v.sku} ({v.title})
            </option>
          ))}
        </select>
      </div>
      <ConfirmBox id="remove-variant" error={errors["remove.confirm"]}>
        Yes, stop selling this variant (carts drop it, past orders keep it)
      </ConfirmBox>
      <button type="submit" class="danger">
        Remove variant
      </button>
    </form>
  );
}
