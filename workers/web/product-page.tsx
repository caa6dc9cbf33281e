import type { Context } from "hono";
import { getProduct, listCategories } from "../../src/catalog/read";
import { inventoryStub } from "../../src/inventory";
import { formatMoney } from "../../src/money";
import type { Product } from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { catalogDeps } from "../deps";
import { requestPriceList } from "../market";
import { PRODUCT_SCRIPT_URL } from "./assets";
import { askedOptions, BuyForm, chosenVariant } from "./buy-form";
import { cartCountOf } from "./cart-count";
import { productMeta } from "./catalog-meta";
import { Alert, Layout } from "./layout";
import { marketChoice } from "./market-switcher";
import { Gallery } from "./product-gallery";
import { currentShopper } from "./session";

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

/**
 * A product's page: the chosen variant's pictures, its price and stock, its options (or variants)
 * to choose from, Add to cart. The variant shown is the one of `?opt.<name>=` (every option
 * given), else `?variant=<sku>` (or the sku a refused add was for), else the first in stock.
 */
export async function renderProductPage(
  c: Context<AppEnv>,
  slug: string,
  state: ProductPageState = {},
) {
  const deps = catalogDeps(c);
  const list = await requestPriceList(c);
  const [found, categories] = await Promise.all([
    getProduct(deps, list, slug),
    listCategories(deps),
  ]);
  if (!found) return null;
  const categoryName = categories.find((x) => x.slug === found.category)?.name ?? found.category;
  const product = { ...found, variants: await liveAvailability(c, found) };
  const choice = await marketChoice(c);
  const locale = choice.current.locale;
  const meta = await productMeta(c, found, categoryName);
  const chosen = chosenVariant(product, {
    sku: state.sku ?? c.req.query("variant"),
    options: state.sku ? {} : askedOptions(product, (field) => c.req.query(field)),
  });
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
        <Gallery env={c.env} product={product} variant={chosen.variant} />
        <div class="buy">
          <h1>{product.title}</h1>
          <p class="price-line">
            <span class="price" data-chosen-price>
              {chosen.variant ? formatMoney(chosen.variant.price, locale) : null}
            </span>
          </p>
          {state.error ? <Alert>{state.error}</Alert> : null}
          <BuyForm
            env={c.env}
            product={product}
            chosen={chosen}
            locale={locale}
            quantity={state.quantity}
          />
          <p class="description">{product.description}</p>
        </div>
      </div>
    </Layout>
  );
}
