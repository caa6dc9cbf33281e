import { Hono } from "hono";
import { listCategories, listProducts } from "../../src/catalog/read";
import type { Category } from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { catalogDeps } from "../deps";
import { requestPriceList } from "../market";
import { cartCountOf } from "./cart-count";
import { listingMeta } from "./catalog-meta";
import { FeaturedCollections, featuredCollections } from "./collection-pages";
import { takeFlash } from "./flash";
import { Layout } from "./layout";
import { RefineForm, refinementOf, refineParams } from "./listing-refine";
import { marketChoice } from "./market-switcher";
import { FIRST_ROW, ProductCard } from "./product-card";
import { renderProductPage } from "./product-page";
import { currentShopper } from "./session";

const PAGE_SIZE = 24;

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
  refine?: ReturnType<typeof refinementOf>["values"];
}) {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.category) search.set("category", params.category);
  if (params.refine) refineParams(params.refine, search);
  if (params.cursor) search.set("cursor", params.cursor);
  const text = search.toString();
  return text ? `/?${text}` : "/";
}

export const catalogPages = new Hono<AppEnv>()
  .get("/", async (c) => {
    const q = c.req.query("q")?.slice(0, 200) || undefined;
    const category = c.req.query("category")?.slice(0, 100) || undefined;
    const cursor = c.req.query("cursor")?.slice(0, 512) || undefined;
    const deps = catalogDeps(c);
    const list = await requestPriceList(c);
    const { refine, values, refined } = refinementOf(c, list.currency);
    const home = !q && !category && !cursor && !refined;
    const [categories, page, featured] = await Promise.all([
      listCategories(deps),
      listProducts(deps, list, { q, category, cursor, limit: PAGE_SIZE, ...(q ? {} : refine) }),
      home ? featuredCollections(c, list) : [],
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
        <FeaturedCollections featured={featured} locale={choice.current.locale} />
        {featured.length > 0 ? <h2>{heading}</h2> : <h1>{heading}</h1>}
        <CategoryNav categories={categories} current={category} />
        {q ? null : <RefineForm category={category} values={values} currency={list.currency} />}
        {page.items.length === 0 ? (
          <p>No products match. Try another word or category.</p>
        ) : (
          <ul class="grid">
            {page.items.map((p, i) => (
              <ProductCard
                product={p}
                locale={choice.current.locale}
                eager={featured.length === 0 && i < FIRST_ROW}
              />
            ))}
          </ul>
        )}
        <nav class="pager" aria-label="Pages">
          {cursor ? <a href={pageLink({ q, category, refine: values })}>First page</a> : null}
          {page.nextCursor ? (
            <a href={pageLink({ q, category, refine: values, cursor: page.nextCursor })} rel="next">
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
