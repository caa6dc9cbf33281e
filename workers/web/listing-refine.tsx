// Sorting and narrowing a browse of the shop (not a search, which keeps its relevance order): a
// GET form, so it works without JavaScript and every choice has its own address.
import type { Context } from "hono";
import {
  isRefined,
  LISTING_SORTS,
  type ListingSort,
  type Refinement,
} from "../../src/catalog/listing";
import { minorDigits } from "../../src/money";
import type { AppEnv } from "../app-env";
import { parsePrice } from "./admin-forms";

/** What each sort is called on the pages (a collection's own order is "Featured"). */
export const SORT_WORDS: Record<ListingSort | "manual", string> = {
  manual: "Featured",
  newest: "Newest",
  price_asc: "Price, low to high",
  price_desc: "Price, high to low",
  best_selling: "Best selling",
};

/** The refinement the address asks for, and its fields as typed (prices in major units). */
export function refinementOf(c: Context<AppEnv>, currency: string) {
  const digits = minorDigits(currency);
  const text = (name: string) => (c.req.query(name) ?? "").trim().slice(0, 20);
  const sortText = text("sort");
  const sort = (LISTING_SORTS as readonly string[]).includes(sortText)
    ? (sortText as ListingSort)
    : undefined;
  const min = parsePrice(text("min"), digits);
  const max = parsePrice(text("max"), digits);
  const refine: Refinement = {
    sort,
    minPrice: min ?? undefined,
    maxPrice: max ?? undefined,
    inStock: text("stock") === "in" || undefined,
  };
  const values = {
    sort: sort ?? "",
    min: min === null ? "" : text("min"),
    max: max === null ? "" : text("max"),
    stock: refine.inStock ? "in" : "",
  };
  return { refine, values, refined: isRefined(refine) };
}

type Values = ReturnType<typeof refinementOf>["values"];

/** The refinement's part of a listing's address. */
export function refineParams(values: Values, search: URLSearchParams) {
  for (const [name, value] of Object.entries(values)) if (value) search.set(name, value);
  return search;
}

export function RefineForm(props: {
  category?: string | undefined;
  values: Values;
  currency: string;
}) {
  const { values } = props;
  return (
    <form method="get" action="/" class="refine">
      {props.category ? <input type="hidden" name="category" value={props.category} /> : null}
      <div class="field">
        <label for="refine-sort">Sort by</label>
        <select id="refine-sort" name="sort">
          {LISTING_SORTS.map((s) => (
            <option value={s} selected={s === (values.sort || "newest")}>
              {SORT_WORDS[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="refine-min">{`From (${props.currency})`}</label>
        <input id="refine-min" name="min" inputmode="decimal" size={6} value={values.min} />
      </div>
      <div class="field">
        <label for="refine-max">{`To (${props.currency})`}</label>
        <input id="refine-max" name="max" inputmode="decimal" size={6} value={values.max} />
      </div>
      <div class="field">
        <label>
          <input type="checkbox" name="stock" value="in" checked={values.stock === "in"} /> In stock
        </label>
      </div>
      <button type="submit" class="secondary">
        Apply
      </button>
    </form>
  );
}
