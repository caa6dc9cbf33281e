// Collections on the pages: the home page's featured ones (the first as its hero, each a row of
// its first products) and each collection's own page, sortable without JavaScript.
import type { Context } from "hono";
import { Hono } from "hono";
import { collectionPage, listCollections } from "../../src/catalog/collections";
import type { CollectionSort } from "../../src/db/collection-schema";
import type { PriceList } from "../../src/markets/market";
import { CollectionSortSchema } from "../../src/schemas/collections";
import { COLLECTION_PAGE_SIZE } from "../api/collections";
import type { AppEnv } from "../app-env";
import { catalogDeps } from "../deps";
import { requestPriceList } from "../market";
import { cartCountOf } from "./cart-count";
import { Layout } from "./layout";
import { SORT_WORDS } from "./listing-refine";
import { marketChoice } from "./market-switcher";
import { FIRST_ROW, ProductCard } from "./product-card";
import { currentShopper } from "./session";

/** The home page shows this many featured collections, each with its first few products. */
const FEATURED = 3;
const ROW = 4;

/** The home page's collections: the featured ones in their order, each with its first products. */
export async function featuredCollections(c: Context<AppEnv>, list: PriceList) {
  const deps = catalogDeps(c);
  const featured = (await listCollections(deps))
    .filter((x) => x.featured !== null)
    .slice(0, FEATURED);
  const pages = await Promise.all(
    featured.map((x) => collectionPage(deps, list, x.slug, { offset: 0, limit: ROW })),
  );
  return pages.filter((p) => p !== null && p.items.length > 0) as NonNullable<
    (typeof pages)[number]
  >[];
}

/**
 * The first featured collection as a banner (the home page's heading), then a row of each one's
 * first products.
 */
export function FeaturedCollections(props: {
  featured: Awaited<ReturnType<typeof featuredCollections>>;
  locale: string;
}) {
  const [hero] = props.featured;
  if (!hero) return null;
  return (
    <>
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{hero.collection.title}</h1>
        {hero.collection.description ? <p>{hero.collection.description}</p> : null}
        <a class="button" href={`/collections/${hero.collection.slug}`}>
          Shop {hero.collection.title}
        </a>
      </section>
      {props.featured.map((page, row) => (
        <section class="collection-row" aria-labelledby={`row-${page.collection.slug}`}>
          <h2 id={`row-${page.collection.slug}`}>
            <a href={`/collections/${page.collection.slug}`}>{page.collection.title}</a>
          </h2>
          <ul class="grid">
            {page.items.map((p, i) => (
              <ProductCard product={p} locale={props.locale} eager={row === 0 && i < FIRST_ROW} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export const collectionPages = new Hono<AppEnv>().get("/collections/:slug", async (c) => {
  const asked = CollectionSortSchema.safeParse(c.req.query("sort"));
  const offset = Number(/^\d{1,4}$/.exec(c.req.query("cursor") ?? "")?.[0] ?? 0);
  const page = await collectionPage(
    catalogDeps(c),
    await requestPriceList(c),
    c.req.param("slug"),
    {
      sort: asked.success ? asked.data : undefined,
      offset,
      limit: COLLECTION_PAGE_SIZE,
    },
  );
  if (!page) return c.notFound();
  const { collection } = page;
  const choice = await marketChoice(c);
  const path = `/collections/${collection.slug}`;
  const link = (cursor: number | null) => {
    const search = new URLSearchParams();
    if (asked.success) search.set("sort", page.sort);
    if (cursor) search.set("cursor", String(cursor));
    return search.size > 0 ? `${path}?${search}` : path;
  };
  const sorts = (Object.keys(SORT_WORDS) as CollectionSort[]).filter(
    (s) => s !== "manual" || collection.kind === "manual",
  );
  return c.html(
    <Layout
      title={collection.title}
      shopper={await currentShopper(c)}
      cartCount={cartCountOf(c)}
      market={choice}
      meta={{ description: collection.description || collection.title }}
    >
      <nav aria-label="Breadcrumb" class="muted">
        <a href="/">Shop</a> / {collection.title}
      </nav>
      <h1>{collection.title}</h1>
      {collection.description ? <p>{collection.description}</p> : null}
      <form method="get" action={path} class="sort">
        <label for="sort">Sort by</label>{" "}
        <select id="sort" name="sort">
          {sorts.map((s) => (
            <option value={s} selected={s === page.sort}>
              {SORT_WORDS[s]}
            </option>
          ))}
        </select>{" "}
        <button type="submit" class="secondary">
          Sort
        </button>
      </form>
      {page.items.length === 0 ? (
        <p>Nothing in this collection for now.</p>
      ) : (
        <ul class="grid">
          {page.items.map((p, i) => (
            <ProductCard
              product={p}
              locale={choice.current.locale}
              eager={offset === 0 && i < FIRST_ROW}
            />
          ))}
        </ul>
      )}
      <nav class="pager" aria-label="Pages">
        {offset > 0 ? (
          <a href={link(Math.max(0, offset - COLLECTION_PAGE_SIZE))}>Previous page</a>
        ) : null}
        {page.next !== null ? (
          <a href={link(page.next)} rel="next">
            Next page
          </a>
        ) : null}
      </nav>
    </Layout>,
  );
});
