import type { Context } from "hono";
import { Hono } from "hono";
import { getProduct, listCategories, listProducts } from "../../src/catalog/read";
import { inventoryStub } from "../../src/inventory";
import { formatMoney } from "../../src/money";
import type { Category, Product, ProductSummary } from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { catalogDeps } from "../deps";
import { requestPriceList } from "../market";
import { PRODUCT_SCRIPT_URL } from "./assets";
import { cartCountOf } from "./cart-count";
import { listingMeta, productMeta } from "./catalog-meta";
import { takeFlash } from "./flash";
import { Alert, Layout } from "./layout";
import { marketChoice } from "./market-switcher";
import { currentShopper } from "./session";

const PAGE_SIZE = 24;

function ProductCard({ product, locale }: { product: ProductSummary; locale: string }) {
  return (
    <li class="card">
      <a href={`/products/${product.slug}`}>
        <img src={product.imageUrl} alt={product.title} width="400" height="400" loading="lazy" />
        <div class="body">
          <h2>{product.title}</h2>
          <span class="price">{formatMoney(product.price, locale)}</span>{" "}
          {product.inStock ? (
            <span class="stock-in">In stock</span>
          ) : (
            <span class="stock-out">Out of stock</span>
          )}
        </div>
      </a>
    </li>
  );
}

function CategoryNav(props: { categories: Category[]; current?: string | undefined }) {
  return (
    <nav aria-label="Categories">
      <ul class="cats">
        <li>
          <a href="/" aria-current={props.current ? undefined : "page"}>
            All
          </a>
        </li>
        {props.categories
          .filter((cat) => cat.productCount > 0)
          .map((cat) => (
            <li>
              <a
                href={`/?category=${cat.slug}`}
                aria-current={props.current === cat.slug ? "page" : undefined}
              >
                {cat.name}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

function pageLink(params: {
  q?: string | undefined;
  category?: string | undefined;
  cursor?: string | null;
}) {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.category) search.set("category", params.category);
  if (params.cursor) search.set("cursor", params.cursor);
  const text = search.toString();
  return text ? `/?${text}` : "/";
}

/** What the product page shows for each variant: the authority's live count, not a snapshot. */
async function liveAvailability(c: Context<AppEnv>, product: Product) {
  const levels = await Promise.all(
    product.variants.map((v) => inventoryStub(c.env.INVENTORY, v.sku).level()),
  );
  return product.variants.map((v, i) => {
    const level = levels[i];
    return { ...v, available: level?.ok ? level.level.available : 0 };
  });
}

export interface ProductPageState {
  error?: string;
  sku?: string;
  quantity?: string;
}

export async function renderProductPage(
  c: Context<AppEnv>,
  slug: string,
  state: ProductPageState = {},
) {
  const deps = catalogDeps(c);
  const list = await requestPriceList(c);
  const [product, categories] = await Promise.all([
    getProduct(deps, list, slug),
    listCategories(deps),
  ]);
  if (!product) return null;
  const categoryName =
    categories.find((x) => x.slug === product.category)?.name ?? product.category;
  const variants = await liveAvailability(c, product);
  const choice = await marketChoice(c);
  const locale = choice.current.locale;
  const meta = await productMeta(c, product, categoryName);
  const asked = state.sku ?? c.req.query("variant");
  const chosen =
    variants.find((v) => v.sku === asked) ?? variants.find((v) => v.available > 0) ?? variants[0];
  const anyInStock = variants.some((v) => v.available > 0);
  return (
    <Layout
      title={product.title}
      shopper={await currentShopper(c)}
      cartCount={cartCountOf(c)}
      market={choice}
      scripts={[PRODUCT_SCRIPT_URL]}
      meta={meta}
    >
      <nav aria-label="Breadcrumb" class="muted">
        <a href="/">Shop</a> / <a href={`/?category=${product.category}`}>{categoryName}</a>
      </nav>
      <div class="product">
        <img src={product.imageUrl} alt={product.title} width="400" height="400" />
        <div class="buy">
          <h1>{product.title}</h1>
          <p class="price-line">
            <span class="price" data-chosen-price>
              {chosen ? formatMoney(chosen.price, locale) : null}
            </span>
          </p>
          {state.error ? <Alert>{state.error}</Alert> : null}
          <form method="post" action="/cart/items" data-variants>
            <fieldset>
              <legend>Choose a variant</legend>
              {variants.map((v) => (
                <div class="variant">
                  <input
                    type="radio"
                    name="sku"
                    id={`v-${v.sku}`}
                    value={v.sku}
                    data-price={formatMoney(v.price, locale)}
                    checked={v.sku === chosen?.sku}
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
            <div class="add">
              <div class="field">
                <label for="quantity">Quantity</label>
                <input
                  id="quantity"
                  name="quantity"
                  type="number"
                  min="1"
                  max="99"
                  value={state.quantity ?? "1"}
                  required
                />
              </div>
              <input type="hidden" name="returnTo" value={`/products/${product.slug}`} />
              <button type="submit" disabled={!anyInStock}>
                {anyInStock ? "Add to cart" : "Out of stock"}
              </button>
            </div>
          </form>
          <p class="description">{product.description}</p>
        </div>
      </div>
    </Layout>
  );
}

export const catalogPages = new Hono<AppEnv>()
  .get("/", async (c) => {
    const q = c.req.query("q")?.slice(0, 200) || undefined;
    const category = c.req.query("category")?.slice(0, 100) || undefined;
    const cursor = c.req.query("cursor")?.slice(0, 512) || undefined;
    const deps = catalogDeps(c);
    const list = await requestPriceList(c);
    const [categories, page] = await Promise.all([
      listCategories(deps),
      listProducts(deps, list, { q, category, cursor, limit: PAGE_SIZE }),
    ]);
    const choice = await marketChoice(c);
    const current = categories.find((x) => x.slug === category);
    const heading = q ? `Results for “${q}”` : (current?.name ?? "All products");
    const meta = await listingMeta(c, { q, category: current, cursor }, categories);
    return c.html(
      <Layout
        title={heading}
        shopper={await currentShopper(c)}
        cartCount={cartCountOf(c)}
        query={q}
        market={choice}
        meta={meta}
      >
        <h1>{heading}</h1>
        <CategoryNav categories={categories} current={category} />
        {page.items.length === 0 ? (
          <p>No products match. Try another word or category.</p>
        ) : (
          <ul class="grid">
            {page.items.map((p) => (
              <ProductCard product={p} locale={choice.current.locale} />
            ))}
          </ul>
        )}
        <nav class="pager" aria-label="Pages">
          {cursor ? <a href={pageLink({ q, category })}>First page</a> : null}
          {page.nextCursor ? (
            <a href={pageLink({ q, category, cursor: page.nextCursor })} rel="next">
              Next page
            </a>
          ) : null}
        </nav>
      </Layout>,
    );
  })
  .get("/products/:slug", async (c) => {
    const page = await renderProductPage(c, c.req.param("slug"), takeFlash(c) ?? {});
    return page ? c.html(page) : c.notFound();
  });
