import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { searchProducts } from "../../src/catalog/admin-list";
import { setProductImage } from "../../src/catalog/image-upload";
import { getProduct } from "../../src/catalog/read";
import { archiveProduct, createProducts, patchProduct } from "../../src/catalog/write";
import { readConfig } from "../../src/config";
import { AppError } from "../../src/errors";
import { formatMoney } from "../../src/money";
import { NewProductSchema, type Product, ProductPatchSchema } from "../../src/schemas/catalog";
import { isSlug } from "../../src/schemas/common";
import { imageUploadDeps, writeDeps } from "../api/admin-catalog";
import { catalogDeps } from "../api/catalog";
import type { AppEnv } from "../app-env";
import { statusOf } from "../problem";
import {
  type FormBody,
  fieldText,
  pageNumber,
  parsePrice,
  priceText,
  queryString,
} from "./admin-forms";
import { AdminLayout, ConfirmBox, Pager, Wide } from "./admin-layout";
import { Field, TableHead } from "./layout";
import { ProductImageForm } from "./product-image-form";

const PAGE_SIZE = 30;
type Errors = Record<string, string>;
type Values = Record<string, string>;
const productPath = (slug: string) => `/admin/products/${encodeURIComponent(slug)}`;

/** Field errors by form field: a price's `amount` or `currency` belongs to its price field. */
function errorsOf(err: AppError | { path: string; message: string }[]): Errors {
  const list = Array.isArray(err) ? err : (err.errors ?? []);
  const errors: Errors = {};
  for (const e of list) {
    const field = e.path.replace(/\.(amount|currency)$/, "");
    errors[field] ??= e.message;
  }
  return errors;
}

const zodErrors = (issues: { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));

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

async function listPage(c: Context<AppEnv>, error?: string, status: ContentfulStatusCode = 200) {
  const q = (c.req.query("q") ?? "").trim().slice(0, 200);
  const page = pageNumber(c.req.query("page"));
  const list = await searchProducts(c.env.DB, { q, page, pageSize: PAGE_SIZE });
  return c.html(
    <AdminLayout title="Products" section="products" notice={c.req.query("notice")} error={error}>
      <h1>Products</h1>
      <p>
        <a href="/admin/products/new" class="button">
          New product
        </a>
      </p>
      <search>
        <form method="get" action="/admin/products" class="filters">
          <div class="field">
            <label for="product-q">Title, slug or sku</label>
            <input id="product-q" name="q" type="search" value={q} />
          </div>
          <button type="submit">Search</button>
        </form>
      </search>
      {list.items.length === 0 ? (
        <p>No product matches.</p>
      ) : (
        <Wide>
          <table>
            <TableHead
              columns={[
                "Product",
                "Slug",
                "Category",
                "Status",
                { label: "Variants", numeric: true },
              ]}
            />
            <tbody>
              {list.items.map((p) => (
                <tr>
                  <td>
                    {p.status === "active" ? <a href={productPath(p.slug)}>{p.title}</a> : p.title}
                  </td>
                  <td>{p.slug}</td>
                  <td>{p.category}</td>
                  <td>{p.status}</td>
                  <td class="num">{p.variants}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Wide>
      )}
      <Pager
        page={page}
        hasNext={list.hasNext}
        href={(n) => `/admin/products${queryString({ q, page: n })}`}
      />
      <ProductImageForm />
    </AdminLayout>,
    status,
  );
}

function newPage(
  c: Context<AppEnv>,
  values: Values = {},
  errors: Errors = {},
  error?: string,
  status?: ContentfulStatusCode,
) {
  const field = (name: string, label: string, hint?: string) => (
    <Field name={name} label={label} value={values[name]} error={errors[name]} hint={hint} />
  );
  return c.html(
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
        </fieldset>
        <button type="submit">Create product</button>
      </form>
    </AdminLayout>,
    status ?? (error || Object.keys(errors).length > 0 ? 400 : 200),
  );
}

function editPage(
  c: Context<AppEnv>,
  product: Product,
  options: { values?: Values; errors?: Errors; error?: string; status?: ContentfulStatusCode } = {},
) {
  const errors = options.errors ?? {};
  const values: Values = options.values ?? {
    title: product.title,
    description: product.description,
    category: product.category,
    ...Object.fromEntries(
      product.variants.flatMap((v, i) => [
        [`variants.${i}.title`, v.title],
        [`variants.${i}.price`, priceText(v.price.amount)],
      ]),
    ),
  };
  const path = productPath(product.slug);
  return c.html(
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
              Variant {v.sku} ({formatMoney(v.price)})
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
              label="Price"
              value={values[`variants.${i}.price`]}
              error={errors[`variants.${i}.price`]}
            />
          </fieldset>
        ))}
        <button type="submit">Save changes</button>
      </form>

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

/** The form's text values by name (files left out), to show them again after a refusal. */
const valuesOf = (form: FormBody): Values =>
  Object.fromEntries(
    Object.keys(form).flatMap((k) =>
      typeof form[k] === "string" ? [[k, fieldText(form, k)]] : [],
    ),
  );

/** A typed price as money, or a field error for it. */
function priceOf(text: string, currency: string, field: string, errors: Errors) {
  const amount = parsePrice(text);
  if (amount === null) {
    errors[field] = "A price such as 12 or 12.50.";
    return undefined;
  }
  return { amount, currency };
}

async function activeProduct(c: Context<AppEnv>) {
  const slug = c.req.param("slug") ?? "";
  return isSlug(slug) ? getProduct(catalogDeps(c), slug) : null;
}

export const adminProductPages = new Hono<AppEnv>()
  .get("/admin/products", (c) => listPage(c))
  .get("/admin/products/new", (c) => newPage(c))
  .post("/admin/products/new", async (c) => {
    const form = await c.req.parseBody();
    const values = valuesOf(form);
    const currency = readConfig(c.env).storeCurrency;
    const errors: Errors = {};
    const stockText = values["variants.0.stock"] ?? "";
    if (stockText !== "" && !/^\d{1,9}$/.test(stockText)) {
      errors["variants.0.stock"] = "A whole number from 0.";
    }
    const input = {
      slug: values.slug ?? "",
      title: values.title ?? "",
      description: values.description ?? "",
      category: values.category ?? "",
      variants: [
        {
          sku: values["variants.0.sku"] ?? "",
          title: values["variants.0.title"] ?? "",
          price: priceOf(values["variants.0.price"] ?? "", currency, "variants.0.price", errors),
          stock: stockText === "" ? 0 : Number(stockText),
        },
      ],
    };
    const parsed = NewProductSchema.safeParse(input);
    if (!parsed.success)
      Object.assign(errors, { ...errorsOf(zodErrors(parsed.error.issues)), ...errors });
    if (!parsed.success || Object.keys(errors).length > 0) return newPage(c, values, errors);
    try {
      await createProducts(writeDeps(c), [parsed.data]);
    } catch (err) {
      if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
      return newPage(c, values, errorsOf(err), err.detail, statusOf(err.code));
    }
    const notice = `Created ${parsed.data.title}.`;
    return c.redirect(`${productPath(parsed.data.slug)}?notice=${encodeURIComponent(notice)}`, 303);
  })
  .get("/admin/products/:slug", async (c) => {
    const product = await activeProduct(c);
    return product ? editPage(c, product) : c.notFound();
  })
  .post("/admin/products/:slug", async (c) => {
    const product = await activeProduct(c);
    if (!product) return c.notFound();
    const values = valuesOf(await c.req.parseBody());
    const currency = readConfig(c.env).storeCurrency;
    const errors: Errors = {};
    const patch = {
      title: values.title ?? "",
      description: values.description ?? "",
      category: values.category ?? "",
      variants: product.variants.map((_, i) => ({
        sku: values[`variants.${i}.sku`] ?? "",
        title: values[`variants.${i}.title`] ?? "",
        price: priceOf(
          values[`variants.${i}.price`] ?? "",
          currency,
          `variants.${i}.price`,
          errors,
        ),
      })),
    };
    const parsed = ProductPatchSchema.safeParse(patch);
    if (!parsed.success)
      Object.assign(errors, { ...errorsOf(zodErrors(parsed.error.issues)), ...errors });
    if (!parsed.success || Object.keys(errors).length > 0) {
      return editPage(c, product, { values, errors, status: 400 });
    }
    try {
      await patchProduct(writeDeps(c), product.slug, parsed.data);
    } catch (err) {
      if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
      if (err.code === "not_found") return c.notFound();
      const status = statusOf(err.code);
      return editPage(c, product, { values, errors: errorsOf(err), error: err.detail, status });
    }
    const notice = `Saved ${parsed.data.title ?? product.title}.`;
    return c.redirect(`${productPath(product.slug)}?notice=${encodeURIComponent(notice)}`, 303);
  })
  .post("/admin/products/:slug/archive", async (c) => {
    const product = await activeProduct(c);
    if (!product) return c.notFound();
    if (fieldText(await c.req.parseBody(), "confirm") !== "yes") {
      const errors = { confirm: "Tick the box to confirm." };
      return editPage(c, product, { errors, status: 400 });
    }
    await archiveProduct(writeDeps(c), product.slug);
    const notice = `Archived ${product.title}.`;
    return c.redirect(`/admin/products?notice=${encodeURIComponent(notice)}`, 303);
  })
  .post("/admin/product-image", async (c) => {
    const form = await c.req.parseBody();
    const slug = fieldText(form, "slug");
    const file = form.image;
    if (!slug || !(file instanceof File) || file.size === 0) {
      return listPage(c, "Enter a product slug and choose a picture to upload.", 400);
    }
    try {
      await setProductImage(imageUploadDeps(c), slug, new Uint8Array(await file.arrayBuffer()));
    } catch (err) {
      if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
      const error = `The picture of ${slug} was not changed: ${err.detail}`;
      return listPage(c, error, statusOf(err.code));
    }
    return c.redirect(
      `/admin/products?notice=${encodeURIComponent(`New picture for ${slug}.`)}`,
      303,
    );
  });
