import type { Context } from "hono";
import { Hono } from "hono";
import type { CartResult } from "../../durable-objects/cart-contract";
import type { CartView } from "../../src/cart/cart-view";
import { formatMoney, formatRate } from "../../src/money";
import type { AppEnv } from "../app-env";
import { viewCart } from "../cart-in-market";
import { cartStubFor } from "../carts";
import { cartPlace } from "../market";
import { statusOf } from "../problem";
import { pickedVariant } from "./buy-form";
import { rememberCartCount } from "./cart-count";
import { redirectWithFlash, takeFlash } from "./flash";
import { fieldText, formFields } from "./form";
import { Alert, Layout, LineThumb, TableHead } from "./layout";
import { marketChoice } from "./market-switcher";
import { currentShopper, ensureShopper } from "./session";

const quantityOf = (text: string) => (/^\d{1,3}$/.test(text) ? Number(text) : Number.NaN);

/**
 * The cart's totals as checkout will compute them (the same function prices both): tax and
 * shipping for the country the cart is estimated for, the address deciding at checkout.
 */
export function CartTotals({ cart, locale }: { cart: CartView; locale: string }) {
  const m = (amount: { amount: number; currency: string }) => formatMoney(amount, locale);
  return (
    <div class="totals">
      <div>
        <span>Subtotal</span> <span>{m(cart.subtotal)}</span>
      </div>
      {cart.discounts.map((d) => (
        <div>
          <span>{d.code ? `Discount ${d.code} (${d.title})` : d.title}</span>{" "}
          <span>−{m(d.amount)}</span>
        </div>
      ))}
      <div>
        <span>Shipping</span>{" "}
        <span>
          {cart.shipping
            ? cart.shipping.amount === 0
              ? "Free"
              : m(cart.shipping)
            : "Not available"}
        </span>
      </div>
      {cart.pricesIncludeTax ? null : <TaxRows cart={cart} locale={locale} />}
      <div>
        <strong>Total</strong> <strong>{m(cart.total)}</strong>
      </div>
      {cart.pricesIncludeTax ? <TaxRows cart={cart} locale={locale} /> : null}
    </div>
  );
}

/** Each tax line: added on top, or the part of the total it is ("Includes VAT 20%"). */
function TaxRows({ cart, locale }: { cart: CartView; locale: string }) {
  if (cart.taxLines.length === 0) {
    return cart.pricesIncludeTax ? null : (
      <div class="muted">
        <span>Tax</span> <span>{cart.country ? formatMoney(cart.tax, locale) : "At checkout"}</span>
      </div>
    );
  }
  return (
    <>
      {cart.taxLines.map((line) => (
        <div class={cart.pricesIncludeTax ? "muted" : undefined}>
          <span>
            {cart.pricesIncludeTax ? "Includes " : ""}
            {line.name} {formatRate(line.rate, locale)}
          </span>{" "}
          <span>{formatMoney(line.amount, locale)}</span>
        </div>
      ))}
    </>
  );
}

export async function renderCartPage(c: Context<AppEnv>, error?: string) {
  const shopper = await currentShopper(c);
  const choice = await marketChoice(c);
  const found = shopper ? await viewCart(c, shopper.id) : null;
  const cart = found?.cart ?? null;
  const items = cart?.items ?? [];
  const locale = found?.market.locale ?? choice.current.locale;
  rememberCartCount(c, cart?.itemCount ?? 0);
  return (
    <Layout title="Your cart" shopper={shopper} cartCount={cart?.itemCount ?? 0} market={choice}>
      <h1>Your cart</h1>
      {error ? <Alert>{error}</Alert> : null}
      {found?.mismatch ? <Alert>{found.mismatch}</Alert> : null}
      {!cart || items.length === 0 ? (
        <p>
          Your cart is empty. <a href="/">Browse the shop</a>.
        </p>
      ) : (
        <>
          <table class="cart">
            <caption class="skip">Items in your cart</caption>
            <TableHead
              columns={[
                "Item",
                { label: "Price", numeric: true },
                "Quantity",
                { label: "Total", numeric: true },
                { label: "Remove", hidden: true },
              ]}
            />
            <tbody>
              {items.map((item) => (
                <tr>
                  <td>
                    <a href={`/products/${item.productSlug}`} class="line-item">
                      <LineThumb src={item.imageUrl} />
                      <span>{item.title}</span>
                    </a>
                    <div class="muted">{item.variantTitle}</div>
                  </td>
                  <td class="num">{formatMoney(item.unitPrice, locale)}</td>
                  <td>
                    <form
                      method="post"
                      action={`/cart/items/${encodeURIComponent(item.sku)}`}
                      class="inline"
                    >
                      <label class="skip" for={`q-${item.sku}`}>
                        Quantity of {item.title} {item.variantTitle}
                      </label>
                      <input
                        id={`q-${item.sku}`}
                        name="quantity"
                        type="number"
                        min="0"
                        max="99"
                        value={String(item.quantity)}
                      />
                      <button type="submit" class="secondary">
                        Update
                      </button>
                    </form>
                  </td>
                  <td class="num">{formatMoney(item.lineTotal, locale)}</td>
                  <td>
                    <form
                      method="post"
                      action={`/cart/items/${encodeURIComponent(item.sku)}/remove`}
                      class="inline"
                    >
                      <button
                        type="submit"
                        class="link"
                        aria-label={`Remove ${item.title} ${item.variantTitle}`}
                      >
                        Remove
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <CartTotals cart={cart} locale={locale} />
          <DiscountForm cart={cart} />
          <p>
            <a class="button" href="/checkout">
              Check out
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}

/** A code for the cart: typed in and applied, or the one applied, with a button to take it off. */
function DiscountForm({ cart }: { cart: CartView }) {
  const applied = cart.discounts.find((d) => d.code !== null);
  if (applied?.code) {
    return (
      <form
        method="post"
        action={`/cart/discounts/${encodeURIComponent(applied.code)}/remove`}
        class="inline"
      >
        <button type="submit" class="link">
          Remove code {applied.code}
        </button>
      </form>
    );
  }
  return (
    <form method="post" action="/cart/discounts" class="inline discount-form">
      <label for="f-code">Discount code</label> <input id="f-code" name="code" autocomplete="off" />{" "}
      <button type="submit" class="secondary">
        Apply
      </button>
    </form>
  );
}

/** A refused cart edit as the page shows it: its words, and the status of its code. */
function cartError(result: CartResult) {
  return result.ok ? null : { detail: result.error.detail, status: statusOf(result.error.code) };
}

export const cartPages = new Hono<AppEnv>()
  .get("/cart", async (c) => c.html(await renderCartPage(c, takeFlash(c)?.error)))
  .post("/cart/items", async (c) => {
    const form = await formFields(c);
    const quantityText = fieldText(form, "quantity");
    const returnTo = fieldText(form, "returnTo");
    const slug = /^\/products\/([a-z0-9-]+)$/.exec(returnTo)?.[1];
    const picked = slug ? await pickedVariant(c, slug, form) : undefined;
    const sku = picked === undefined ? fieldText(form, "sku") : (picked.sku ?? "");
    const quantity = quantityOf(quantityText);
    // Refused: back to the page the form was on, which shows why (post/redirect/get).
    const fail = (error: string) =>
      redirectWithFlash(c, picked?.shown ?? (slug ? `/products/${slug}` : "/cart"), {
        error,
        sku,
        quantity: quantityText,
      });
    if (picked?.refused) return fail(picked.refused);
    if (!sku) return fail("Choose a variant first.");
    if (!(quantity >= 1 && quantity <= 99)) return fail("Enter a quantity from 1 to 99.");
    const shopper = await ensureShopper(c);
    const result = await cartStubFor(c.env, shopper.id).addItem(await cartPlace(c), sku, quantity);
    if (!result.ok) {
      const message =
        result.error.code === "insufficient_stock"
          ? `Sorry, not enough in stock: ${result.error.errors?.[0]?.message ?? "try fewer"}.`
          : result.error.detail;
      return fail(message);
    }
    return c.redirect("/cart", 303);
  })
  .post("/cart/items/:sku", async (c) => {
    const shopper = await currentShopper(c);
    if (!shopper) return c.redirect("/cart", 303);
    const quantity = quantityOf(fieldText(await formFields(c), "quantity"));
    if (!(quantity >= 0 && quantity <= 99)) {
      return c.html(await renderCartPage(c, "Enter a quantity from 0 to 99."), 400);
    }
    const result = await cartStubFor(c.env, shopper.id).setQuantity(
      await cartPlace(c),
      c.req.param("sku"),
      quantity,
    );
    const error = cartError(result);
    return error
      ? c.html(await renderCartPage(c, error.detail), error.status)
      : c.redirect("/cart", 303);
  })
  .post("/cart/discounts", async (c) => {
    const shopper = await currentShopper(c);
    if (!shopper) return c.redirect("/cart", 303);
    const code = fieldText(await formFields(c), "code").trim();
    if (!code) return c.html(await renderCartPage(c, "Enter a discount code."), 400);
    const result = await cartStubFor(c.env, shopper.id).applyDiscount(await cartPlace(c), code);
    const error = cartError(result);
    return error
      ? c.html(await renderCartPage(c, error.detail), error.status)
      : c.redirect("/cart", 303);
  })
  .post("/cart/discounts/:code/remove", async (c) => {
    const shopper = await currentShopper(c);
    if (shopper) await cartStubFor(c.env, shopper.id).removeDiscount(await cartPlace(c));
    return c.redirect("/cart", 303);
  })
  .post("/cart/items/:sku/remove", async (c) => {
    const shopper = await currentShopper(c);
    if (shopper) {
      await cartStubFor(c.env, shopper.id).removeItem(await cartPlace(c), c.req.param("sku"));
    }
    return c.redirect("/cart", 303);
  });
