// The back office's forms for a new product and for editing one, filled again after a refusal.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { getProduct } from "../../src/catalog/read";
import { readConfig } from "../../src/config";
import { createDb } from "../../src/db/client";
import type { Market, MarketSet } from "../../src/markets/market";
import { skuSettings } from "../../src/markets/prices";
import { formatMoney, minorDigits } from "../../src/money";
import type { Product } from "../../src/schemas/catalog";
import { isSlug } from "../../src/schemas/common";
import type { AppEnv } from "../app-env";
import { catalogDeps } from "../deps";
import { defaultPriceList, marketsOf } from "../market";
import { priceText } from "./admin-forms";
import { AdminLayout, ConfirmBox } from "./admin-layout";
import {
  axisValues,
  NewVariantForm,
  OptionsForm,
  RemoveVariantForm,
} from "./admin-product-variants";
import { adminHtml } from "./admin-role";
import { Field } from "./layout";
import type { Errors, Values } from "./product-form-values";
import { TaxClassSelect } from "./tax-class-select";

export const productPath = (slug: string) => `/admin/products/${encodeURIComponent(slug)}`;

/** The active product of the address's `:slug`, or null. */
export async function activeProduct(c: Context<AppEnv>) {
  const slug = c.req.param("slug") ?? "";
  return isSlug(slug) ? getProduct(catalogDeps(c), await defaultPriceList(c), slug) : null;
}

function Description(props: { value: string; error?: string | undefined }) {
  return (
    <div class="field">
      <label for="f-description">Description</label>
      <textarea
        id="f-description"
        name="description"
        rows={4}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? "f-description-error" : undefined}
      >
        {props.value}
      </textarea>
      {props.error ? (
        <span id="f-description-error" class="error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function newPage(
  c: Context<AppEnv>,
  values: Values = {},
  errors: Errors = {},
  error?: string,
  status?: ContentfulStatusCode,
) {
  const field = (name: string, label: string, hint?: string) => (
    <Field name={name} label={label} value={values[name]} error={errors[name]} hint={hint} />
  );
  return adminHtml(
    c,
    <AdminLayout title="New product" section="products" error={error}>
      <p>
        <a href="/admin/products">All products</a>
      </p>
      <h1>New product</h1>
      <form method="post" action="/admin/products/new" novalidate>
        {field("slug", "Slug", "Its address: /products/slug (lowercase words and hyphens)")}
        {field("title", "Title")}
        <Description value={values.description ?? ""} error={errors.description} />
        {field("category", "Category slug")}
        <fieldset>
          <legend>Its first variant</legend>
          {field("variants.0.sku", "Sku")}
          {field("variants.0.title", "Variant title")}
          {field("variants.0.price", `Price (${readConfig(c.env).storeCurrency})`, "e.g. 12.50")}
          {field("variants.0.stock", "Units on hand")}
          <div class="field">
            <label>
              <input
                type="checkbox"
                name="variants.0.giftCard"
                value="on"
                checked={values["variants.0.giftCard"] === "on"}
              />{" "}
              A gift card: each unit sold issues a card of its price, emailed to the buyer (not
              taxed, never discounted)
            </label>
          </div>
        </fieldset>
        <button type="submit">Create product</button>
      </form>
    </AdminLayout>,
    status ?? (error || Object.keys(errors).length > 0 ? 400 : 200),
  );
}

/** The markets a product's variants are priced in beside the default (whose price is `price`). */
export const otherMarkets = (set: MarketSet): Market[] =>
  set.markets.filter((m) => m.id !== set.defaultId);

export async function editPage(
  c: Context<AppEnv>,
  product: Product,
  options: { values?: Values; errors?: Errors; error?: string; status?: ContentfulStatusCode } = {},
) {
  const errors = options.errors ?? {};
  const set = await marketsOf(c);
  const markets = otherMarkets(set);
  const settings = await skuSettings(
    createDb(c.env.DB),
    set,
    product.variants.map((v) => v.sku),
  );
  // The product as it is, under what a refused form posted (each form's fields are its own).
  const values: Values = {
    ...axisValues(product),
    title: product.title,
    description: product.description,
    category: product.category,
    ...Object.fromEntries(
      product.variants.flatMap((v, i) => {
        const own = settings.get(v.sku);
        return [
          [`variants.${i}.title`, v.title],
          [`variants.${i}.price`, priceText(v.price.amount, minorDigits(v.price.currency))],
          [`variants.${i}.taxClass`, own?.taxClass ?? "standard"],
          ...markets.map((m) => {
            const amount = own?.prices.get(m.id);
            return [
              `variants.${i}.prices.${m.id}`,
              amount === undefined ? "" : priceText(amount, minorDigits(m.currency)),
            ];
          }),
        ];
      }),
    ),
    ...options.values,
  };
  const path = productPath(product.slug);
  return adminHtml(
    c,
    <AdminLayout
      title={`Edit ${product.title}`}
      section="products"
      notice={c.req.query("notice")}
      error={options.error}
    >
      <p>
        <a href="/admin/products">All products</a> ·{" "}
        <a href={`/products/${product.slug}`}>In the shop</a>
      </p>
      <h1>{product.title}</h1>
      <form method="post" action={path} novalidate>
        <Field name="title" label="Title" value={values.title} error={errors.title} />
        <Description value={values.description ?? ""} error={errors.description} />
        <Field
          name="category"
          label="Category slug"
          value={values.category}
          error={errors.category}
        />
        {product.variants.map((v, i) => (
          <fieldset>
            <legend>
              Variant {v.sku}
              {product.options.length > 0 ? `: ${Object.values(v.options).join(" / ")}` : ""} (
              {formatMoney(v.price)})
            </legend>
            <input type="hidden" name={`variants.${i}.sku`} value={v.sku} />
            <Field
              name={`variants.${i}.title`}
              label="Variant title"
              value={values[`variants.${i}.title`]}
              error={errors[`variants.${i}.title`] ?? errors[`variants.${i}.sku`]}
            />
            <Field
              name={`variants.${i}.price`}
              label={`Price (${v.price.currency}, the default market)`}
              value={values[`variants.${i}.price`]}
              error={errors[`variants.${i}.price`]}
            />
            <TaxClassSelect
              name={`variants.${i}.taxClass`}
              value={values[`variants.${i}.taxClass`] ?? "standard"}
            />
            {markets.map((m) => (
              <Field
                name={`variants.${i}.prices.${m.id}`}
                label={`Price in ${m.name} (${m.currency}${m.pricesIncludeTax ? ", tax included" : ""})`}
                hint="Empty: not sold there"
                value={values[`variants.${i}.prices.${m.id}`]}
                error={errors[`variants.${i}.prices.${m.id}`]}
              />
            ))}
          </fieldset>
        ))}
        <button type="submit">Save changes</button>
      </form>

      <h2>Options</h2>
      <OptionsForm product={product} values={values} errors={errors} />

      <h2>Add a variant</h2>
      <NewVariantForm
        product={product}
        currency={readConfig(c.env).storeCurrency}
        values={values}
        errors={errors}
      />

      {product.variants.length > 1 ? <h2>Remove a variant</h2> : null}
      <RemoveVariantForm product={product} values={values} errors={errors} />

      <h2>Archive</h2>
      <form method="post" action={`${path}/archive`} class="confirm">
        <ConfirmBox id="archive" error={errors.confirm}>
          Yes, take {product.title} out of the shop (past orders keep it)
        </ConfirmBox>
        <button type="submit" class="danger">
          Archive product
        </button>
      </form>
    </AdminLayout>,
    options.status ?? 200,
  );
}
