import type { Context } from "hono";
import { raw } from "hono/html";
import type { Market, MarketSet } from "../../src/markets/market";
import { minorDigits } from "../../src/money";
import type { Product } from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { storeName } from "./theme";

/**
 * What search engines and link previews read of a page beside its title: a description, its
 * canonical address, Open Graph tags and structured data (JSON-LD). Pages that must not be
 * indexed (a search's results, the cart, an account) say so.
 */
export interface PageMeta {
  description?: string;
  /** The page's one address, absolute: the same page reached otherwise names this one. */
  canonical?: string;
  /** An absolute picture for link previews. */
  image?: string;
  type?: "website" | "product";
  noindex?: boolean;
  /** schema.org objects, each embedded as `application/ld+json`. */
  jsonLd?: object[];
}

/** JSON inside a `<script>` element: `<` escaped, so no string in it can close the element. */
const scriptJson = (value: object) => JSON.stringify(value).replace(/</g, "\\u003c");

export function MetaTags(props: { title: string; meta: PageMeta }) {
  const { meta } = props;
  return (
    <>
      {meta.description ? <meta name="description" content={meta.description} /> : null}
      {meta.noindex ? <meta name="robots" content="noindex" /> : null}
      {meta.canonical ? <link rel="canonical" href={meta.canonical} /> : null}
      {meta.canonical ? (
        <>
          <meta property="og:site_name" content={storeName()} />
          <meta property="og:type" content={meta.type ?? "website"} />
          <meta property="og:title" content={props.title} />
          <meta property="og:url" content={meta.canonical} />
          {meta.description ? <meta property="og:description" content={meta.description} /> : null}
          {meta.image ? <meta property="og:image" content={meta.image} /> : null}
        </>
      ) : null}
      {meta.jsonLd?.map((value) => (
        <script type="application/ld+json">{raw(scriptJson(value))}</script>
      ))}
    </>
  );
}

/** A description of at most `max` characters, cut at a word. */
export function summary(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2))}…`;
}

/** `path` in `market` as an absolute address: the default market's has no `?market=`. */
export function marketUrl(
  origin: string,
  path: string,
  set: MarketSet,
  market: Market,
  params: Record<string, string | undefined> = {},
): string {
  const url = new URL(path, origin);
  for (const [name, value] of Object.entries(params)) if (value) url.searchParams.set(name, value);
  if (market.id !== set.defaultId) url.searchParams.set("market", market.id);
  return url.href;
}

export const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

/** A price as schema.org writes it: a decimal string in the currency's own digits. */
const decimal = (amount: number, currency: string) => {
  const digits = minorDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
};

/**
 * The product as schema.org's `Product`: one `Offer` per variant at the market's price, in stock
 * or not as the published snapshot says (the live count is the checkout's business).
 */
export function productJsonLd(product: Product, url: string, image: string) {
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.title,
    description: product.description,
    image,
    url,
    offers: product.variants.map((v) => ({
      "@type": "Offer",
      sku: v.sku,
      name: v.title,
      price: decimal(v.price.amount, v.price.currency),
      priceCurrency: v.price.currency,
      availability: `https://schema.org/${v.available > 0 ? "InStock" : "OutOfStock"}`,
      url: `${url}${url.includes("?") ? "&" : "?"}variant=${encodeURIComponent(v.sku)}`,
    })),
  };
}

/** The trail to a page as schema.org's `BreadcrumbList`. */
export function breadcrumbJsonLd(trail: { name: string; url: string }[]) {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: trail.map((step, i) => ({
      "@type": "ListItem",
      position: i + 1,
      name: step.name,
      item: step.url,
    })),
  };
}
