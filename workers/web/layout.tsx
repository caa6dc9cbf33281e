import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { ShopperClaims } from "../auth/tokens";
import { FAVICON_URL, STYLESHEET_URL } from "./assets";
import { type MarketChoice, MarketSwitcher } from "./market-switcher";
import { MetaTags, type PageMeta } from "./seo";
import { Announcement, StoreMark, storeName, themeStylesheet } from "./theme";

export interface LayoutProps {
  title: string;
  shopper?: ShopperClaims | null;
  /** Items in the shopper's cart, shown beside the header's cart link. */
  cartCount?: number;
  query?: string | undefined;
  scripts?: string[];
  /** The page's market, with a switcher to the others (shop pages that show prices). */
  market?: MarketChoice | undefined;
  /** What search engines read of it; a page without is not indexed (see `Document`). */
  meta?: PageMeta | undefined;
  children?: Child;
}

/**
 * The page's document: head, skip link and body; the shop's and the back office's layouts fill
 * it. Only pages that describe themselves for search engines (`meta`: the catalog's) are indexed;
 * every other one (the cart, an order, an account, the back office) says noindex.
 */
export function Document(props: {
  title: string;
  scripts?: string[];
  meta?: PageMeta | undefined;
  children?: Child;
}) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · ${storeName()}`}</title>
          <MetaTags title={props.title} meta={props.meta ?? { noindex: true }} />
          <link rel="stylesheet" href={STYLESHEET_URL} />
          {themeStylesheet() ? <link rel="stylesheet" href={themeStylesheet() ?? ""} /> : null}
          <link rel="icon" href={FAVICON_URL} type="image/svg+xml" />
          {props.scripts?.map((src) => (
            <script src={src} defer />
          ))}
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          {props.children}
        </body>
      </html>
    </>
  );
}

export function Layout(props: LayoutProps) {
  const { shopper } = props;
  return (
    <Document title={props.title} scripts={props.scripts ?? []} meta={props.meta}>
      <Announcement />
      <header class="site">
        <div class="bar">
          <a class="logo" href="/">
            <StoreMark />
          </a>
          <search>
            <form class="search" action="/" method="get">
              <label class="skip" for="site-search">
                Search products
              </label>
              <input
                id="site-search"
                type="search"
                name="q"
                value={props.query ?? ""}
                placeholder="Search products"
              />
              <button type="submit">Search</button>
            </form>
          </search>
          <nav aria-label="Account">
            <ul>
              <li>
                <CartLink count={shopper ? (props.cartCount ?? 0) : 0} />
              </li>
              {shopper ? (
                <li>
                  <a href="/orders">Orders</a>
                </li>
              ) : null}
              {shopper?.kind === "customer" ? (
                <li>
                  <a href="/account">Account</a>
                </li>
              ) : null}
              {shopper?.kind === "customer" ? (
                <li>
                  <form method="post" action="/logout" class="inline">
                    <button type="submit" class="link">
                      Log out
                    </button>
                  </form>
                </li>
              ) : (
                <>
                  <li>
                    <a href="/login">Log in</a>
                  </li>
                  <li>
                    <a href="/register">Register</a>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </div>
        {props.market ? <MarketSwitcher choice={props.market} /> : null}
      </header>
      <main id="main">{props.children}</main>
      <footer class="site">
        <p>
          {storeName()} runs on Cloudflare Workers. <a href="/gift-cards">Gift card balance</a> ·{" "}
          <a href="/api/docs">API</a>
        </p>
      </footer>
    </Document>
  );
}

/** "Cart", with the number of items beside it once there are any ("Cart 3 items" when read out). */
function CartLink({ count }: { count: number }) {
  return (
    <a href="/cart" class="cart-link">
      Cart
      {count > 0 ? (
        <>
          {" "}
          <span class="cart-count">
            {count}
            <span class="skip"> {count === 1 ? "item" : "items"}</span>
          </span>
        </>
      ) : null}
    </a>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
}

/** A labelled input with its error beside it; the entered value is kept after a failed submit. */
export function Field(props: FieldProps) {
  const id = `f-${props.name.replaceAll(".", "-")}`;
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <small id={`${id}-hint`} class="muted">
          {props.hint}
        </small>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
      {props.error ? (
        <span id={`${id}-error`} class="error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function Alert(props: { children?: Child }) {
  return (
    <div class="alert" role="alert">
      {props.children}
    </div>
  );
}

export type Column = string | { label: string; numeric?: boolean; hidden?: boolean };

/** A table's header row: text columns, right-aligned numeric ones, and visually hidden labels. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, numeric, hidden } =
            typeof column === "string" ? { label: column } : column;
          return (
            <th scope="col" class={numeric ? "num" : undefined}>
              {hidden ? <span class="skip">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** A form's `Field` maker, bound to its values and errors: `field(name, label, hint?, type?)`. */
export const fieldsOf =
  (values: Record<string, string | undefined>, errors: Record<string, string | undefined>) =>
  (name: string, label: string, hint?: string, type?: string) => (
    <Field
      name={name}
      label={label}
      value={values[name]}
      error={errors[name]}
      hint={hint}
      type={type}
    />
  );

/** A cart line's small picture, beside its name (decorative: the name says what it is). */
export function LineThumb(props: { src: string }) {
  return <img src={props.src} alt="" width="56" height="56" loading="lazy" class="line-thumb" />;
}
