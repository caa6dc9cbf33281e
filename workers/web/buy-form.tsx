import type { Context } from "hono";
import { getProduct } from "../../src/catalog/read";
import { formatMoney } from "../../src/money";
import type { Product } from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { catalogDeps } from "../deps";
import { requestPriceList } from "../market";
import { fieldText } from "./form";
import { mainPictureOf } from "./product-gallery";

type Variant = Product["variants"][number];

/** The form field of an option's value: `opt.Size`. */
export const optionField = (name: string) => `opt.${name}`;

/**
 * The variant a product page shows: the one of the options asked (every axis given), else the
 * sku asked, else the first in stock, else the first. `missing` when the options asked name a
 * combination the product does not have (the page then says so, and nothing can be added).
 */
export function chosenVariant(
  product: Product,
  asked: { sku?: string | undefined; options?: Record<string, string> },
): { variant: Variant | undefined; selected: Record<string, string>; missing: boolean } {
  const { options } = product;
  const wanted = asked.options ?? {};
  if (options.length > 0 && options.every((o) => Object.hasOwn(wanted, o.name))) {
    const variant = product.variants.find((v) =>
      options.every((o) => v.options[o.name] === wanted[o.name]),
    );
    return { variant, selected: wanted, missing: variant === undefined };
  }
  const variant =
    product.variants.find((v) => v.sku === asked.sku) ??
    product.variants.find((v) => v.available > 0) ??
    product.variants[0];
  return { variant, selected: variant?.options ?? {}, missing: false };
}

/** The options asked in a form or query: `opt.<name>` for each of the product's axes. */
export function askedOptions(product: Product, read: (field: string) => string | undefined) {
  const asked: Record<string, string> = {};
  for (const o of product.options) {
    const value = read(optionField(o.name));
    if (value !== undefined && value !== "") asked[o.name] = value;
  }
  return asked;
}

/**
 * How a value shows beside the other values selected: "" when that combination is on sale,
 * "sold-out" when every unit is gone, "missing" when the product has no such combination.
 */
function valueState(
  product: Product,
  selected: Record<string, string>,
  name: string,
  value: string,
) {
  const variant = product.variants.find((v) =>
    product.options.every((o) =>
      o.name === name ? v.options[o.name] === value : v.options[o.name] === selected[o.name],
    ),
  );
  if (!variant) return "missing";
  return variant.available > 0 ? "" : "sold-out";
}

const STATE_WORDS: Record<string, string> = { missing: "not made", "sold-out": "sold out" };

/** One axis as a row of buttons (radio inputs), the unavailable ones greyed and said so. */
function OptionAxis(props: {
  product: Product;
  name: string;
  values: string[];
  selected: Record<string, string>;
}) {
  const { product, name, selected } = props;
  return (
    <fieldset class="option">
      <legend>{name}</legend>
      {props.values.map((value, i) => {
        const state = valueState(product, selected, name, value);
        const id = `o-${product.options.findIndex((o) => o.name === name)}-${i}`;
        return (
          <span class={`option-value${state ? ` ${state}` : ""}`} data-value-of={name}>
            <input
              type="radio"
              name={optionField(name)}
              id={id}
              value={value}
              checked={selected[name] === value}
            />
            <label for={id}>
              {value}
              {state ? <span class="skip"> ({STATE_WORDS[state]})</span> : null}
            </label>
          </span>
        );
      })}
    </fieldset>
  );
}

/** What the product page's script needs to follow a choice: each variant, as the page shows it. */
const variantsData = (env: Env, product: Product, locale: string) =>
  JSON.stringify(
    product.variants.map((v) => ({
      sku: v.sku,
      options: v.options,
      price: formatMoney(v.price, locale),
      available: v.available,
      picture: mainPictureOf(env, product, v),
    })),
  );

export function stockWords(variant: Variant | undefined, missing: boolean): string {
  if (missing || !variant) return "Not made in this combination";
  return variant.available > 0 ? `${variant.available} available` : "Out of stock";
}

/**
 * The product page's form: its options as buttons (a product without options: its variants as a
 * list), the quantity, and Add to cart. Without JavaScript, "Show this choice" reloads the page
 * for the options picked (their price, stock and greyed combinations), and Add to cart adds the
 * variant of the options picked; with it, the page follows each click (static/product.js).
 */
export function BuyForm(props: {
  env: Env;
  product: Product;
  chosen: ReturnType<typeof chosenVariant>;
  locale: string;
  quantity?: string | undefined;
}) {
  const { product, chosen, locale } = props;
  const { variant, selected, missing } = chosen;
  const sellable = !missing && (variant?.available ?? 0) > 0;
  const optioned = product.options.length > 0;
  return (
    <form
      method="post"
      action="/cart/items"
      data-variants={optioned ? variantsData(props.env, product, locale) : ""}
    >
      {optioned ? (
        <>
          {product.options.map((o) => (
            <OptionAxis product={product} name={o.name} values={o.values} selected={selected} />
          ))}
          <input type="hidden" name="sku" value={missing ? "" : (variant?.sku ?? "")} />
          <p class="chosen-stock" data-chosen-stock aria-live="polite">
            <span class={sellable ? "stock-in" : "stock-out"}>{stockWords(variant, missing)}</span>
          </p>
          <button
            type="submit"
            class="secondary js-hidden"
            formmethod="get"
            formaction={`/products/${product.slug}`}
          >
            Show this choice
          </button>
        </>
      ) : (
        <fieldset>
          <legend>Choose a variant</legend>
          {product.variants.map((v) => (
            <div class="variant">
              <input
                type="radio"
                name="sku"
                id={`v-${v.sku}`}
                value={v.sku}
                data-price={formatMoney(v.price, locale)}
                checked={v.sku === variant?.sku}
                disabled={v.available === 0}
              />
              <label for={`v-${v.sku}`}>
                {v.title}: <span class="price">{formatMoney(v.price, locale)}</span>{" "}
                {v.available > 0 ? (
                  <span class="stock-in">{v.available} available</span>
                ) : (
                  <span class="stock-out">Out of stock</span>
                )}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <div class="add">
        <div class="field">
          <label for="quantity">Quantity</label>
          <input
            id="quantity"
            name="quantity"
            type="number"
            min="1"
            max="99"
            value={props.quantity ?? "1"}
            required
          />
        </div>
        <input type="hidden" name="returnTo" value={`/products/${product.slug}`} />
        <button
          type="submit"
          disabled={optioned ? !sellable : !product.variants.some((v) => v.available > 0)}
        >
          {optioned
            ? sellable
              ? "Add to cart"
              : "Unavailable"
            : product.variants.some((v) => v.available > 0)
              ? "Add to cart"
              : "Out of stock"}
        </button>
      </div>
    </form>
  );
}

/**
 * The variant of the options a product page's form picked (`opt.<name>` for each axis), whatever
 * its `sku` field says (without JavaScript that is the variant the page was shown with), with the
 * options as the address that shows them again; a refusal when they do not name every axis or
 * name a combination not made; undefined when the form picked no options.
 */
export async function pickedVariant(
  c: Context<AppEnv>,
  slug: string,
  form: Record<string, string>,
) {
  if (!Object.keys(form).some((field) => field.startsWith("opt."))) return undefined;
  const product = await getProduct(catalogDeps(c), await requestPriceList(c), slug);
  if (!product || product.options.length === 0) return undefined;
  const asked = askedOptions(product, (field) => fieldText(form, field) || undefined);
  const query = new URLSearchParams(
    Object.entries(asked).map(([name, value]) => [optionField(name), value.slice(0, 60)]),
  );
  const shown = `/products/${slug}?${query}`;
  if (product.options.some((o) => !Object.hasOwn(asked, o.name))) {
    return { refused: "Choose a value of each option.", shown };
  }
  const { variant, missing } = chosenVariant(product, { options: asked });
  if (missing || !variant)
    return { refused: "That combination is not made: choose another.", shown };
  return { sku: variant.sku, shown };
}
