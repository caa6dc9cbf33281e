import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { searchProducts } from "../../src/catalog/admin-list";
import { addPicture } from "../../src/catalog/gallery";
import { archiveProduct, createProducts, patchProduct } from "../../src/catalog/write";
import { readConfig } from "../../src/config";
import { AppError } from "../../src/errors";
import { NewProductSchema, ProductPatchSchema } from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { catalogWriteDeps, imageUploadDeps } from "../deps";
import { marketsOf } from "../market";
import { statusOf } from "../problem";
import { CatalogExports } from "./admin-exports";
import { pageNumber, queryString } from "./admin-forms";
import { AdminLayout, Pager, Wide } from "./admin-layout";
import { activeProduct, editPage, newPage, otherMarkets, productPath } from "./admin-product-forms";
import { adminHtml } from "./admin-role";
import { type FormBody, fieldText, formFields } from "./form";
import { TableHead } from "./layout";
import { type Errors, errorsOf, priceOf, valuesOf, zodErrors } from "./product-form-values";
import { ProductImageForm } from "./product-image-form";

const PAGE_SIZE = 30;

async function listPage(c: Context<AppEnv>, error?: string, status: ContentfulStatusCode = 200) {
  const q = (c.req.query("q") ?? "").trim().slice(0, 200);
  const page = pageNumber(c.req.query("page"));
  const list = await searchProducts(c.env.DB, { q, page, pageSize: PAGE_SIZE });
  return adminHtml(
    c,
    <AdminLayout title="Products" section="products" notice={c.req.query("notice")} error={error}>
      <h1>Products</h1>
      <p>
        <a href="/admin/products/new" class="button">
          New product
        </a>
      </p>
      <CatalogExports />
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

export const adminProductPages = new Hono<AppEnv>()
  .get("/admin/products", (c) => listPage(c))
  .get("/admin/products/new", (c) => newPage(c))
  .post("/admin/products/new", async (c) => {
    const form = await formFields(c);
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
          ...(values["variants.0.giftCard"] === "on" ? { giftCard: true } : {}),
        },
      ],
    };
    const parsed = NewProductSchema.safeParse(input);
    if (!parsed.success)
      Object.assign(errors, { ...errorsOf(zodErrors(parsed.error.issues)), ...errors });
    if (!parsed.success || Object.keys(errors).length > 0) return newPage(c, values, errors);
    try {
      await createProducts(catalogWriteDeps(c.env), [parsed.data]);
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
    const values = valuesOf(await formFields(c));
    const currency = readConfig(c.env).storeCurrency;
    const markets = otherMarkets(await marketsOf(c));
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
        taxClass: values[`variants.${i}.taxClass`] || undefined,
        // An empty price stops selling the sku in that market.
        prices: markets.map((m) => {
          const field = `variants.${i}.prices.${m.id}`;
          const text = values[field] ?? "";
          return {
            market: m.id,
            price: text === "" ? null : (priceOf(text, m.currency, field, errors) ?? null),
          };
        }),
      })),
    };
    const parsed = ProductPatchSchema.safeParse(patch);
    if (!parsed.success)
      Object.assign(errors, { ...errorsOf(zodErrors(parsed.error.issues)), ...errors });
    if (!parsed.success || Object.keys(errors).length > 0) {
      return editPage(c, product, { values, errors, status: 400 });
    }
    try {
      await patchProduct(catalogWriteDeps(c.env), product.slug, parsed.data);
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
    if (fieldText(await formFields(c), "confirm") !== "yes") {
      const errors = { confirm: "Tick the box to confirm." };
      return editPage(c, product, { errors, status: 400 });
    }
    await archiveProduct(catalogWriteDeps(c.env), product.slug);
    const notice = `Archived ${product.title}.`;
    return c.redirect(`/admin/products?notice=${encodeURIComponent(notice)}`, 303);
  })
  .post("/admin/product-image", async (c) => {
    const form: FormBody = await c.req.parseBody();
    const slug = fieldText(form, "slug");
    const file = form.image;
    if (!slug || !(file instanceof File) || file.size === 0) {
      return listPage(c, "Enter a product slug and choose a picture to upload.", 400);
    }
    try {
      await addPicture(imageUploadDeps(c.env), slug, new Uint8Array(await file.arrayBuffer()), {
        main: true,
      });
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
