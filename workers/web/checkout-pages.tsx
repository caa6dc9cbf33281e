import type { Context } from "hono";
import { Hono } from "hono";
import { listAddresses } from "../../src/auth/addresses";
import { requestHash } from "../../src/checkout/request-hash";
import { checkIdempotencyKey, paymentOf } from "../../src/checkout/request-rules";
import { AppError } from "../../src/errors";
import { shippingCountries } from "../../src/markets/countries";
import { shippingOptions } from "../../src/markets/shipping";
import { paymentProvider } from "../../src/payments";
import { stripeBrowserConfig } from "../../src/payments/stripe-browser";
import { CheckoutSchema } from "../../src/schemas/orders";
import { noteAddressUse } from "../api/addresses";
import type { AppEnv } from "../app-env";
import { viewCart } from "../cart-in-market";
import { cartStubFor } from "../carts";
import { deliverEmailsSoon } from "../emails/deliver";
import { cartPlace, requestMarket } from "../market";
import {
  CHECKOUT_STILL_RUNNING,
  processResponse,
  reachProcess,
  stillRunningProblem,
} from "../process-reply";
import { fieldErrors } from "../validation";
import { STRIPE_CHECKOUT_SCRIPT_URL } from "./assets";
import { rememberCartCount } from "./cart-count";
import { CartTotals } from "./cart-pages";
import { AddressFields, BuyingLines, ShippingChoice } from "./checkout-address";
import { alertFor } from "./checkout-alert";
import {
  FIELD_HELP,
  missingRegion,
  paymentHelp,
  placeKey,
  readForm,
  toCheckoutInput,
  type Values,
} from "./checkout-form";
import { GiftCardField, StripePayment, TestCards } from "./checkout-payment";
import {
  addressValues,
  customerEmail,
  SaveAddressBox,
  SavedAddressPicker,
  startingAddress,
} from "./checkout-saved";
import { formFields } from "./form";
import { Alert, Field, Layout } from "./layout";
import { marketChoice } from "./market-switcher";
import { currentShopper } from "./session";

interface FormState {
  values: Values;
  errors: Record<string, string>;
  alert?: string;
  /**
   * Set while the payment waits for the shopper's 3-D Secure: the page's script shows the bank's
   * challenge, then posts the same form (same key, token and total) again.
   */
  clientSecret?: string;
  /** The checkout is still being driven: the form posts the same request (same key) again. */
  sameRequest?: boolean;
  /** The saved address the shopper picked (`?address=`) to fill a fresh form with. */
  startFrom?: string | undefined;
}

async function renderCheckout(
  c: Context<AppEnv>,
  state: FormState,
  status: 200 | 400 | 402 | 409 | 503 = 200,
) {
  const shopper = await currentShopper(c);
  if (!shopper) return c.redirect("/cart", 303);
  const { set, market: requested } = await requestMarket(c);
  const book = shopper.kind === "customer" ? await listAddresses(c.env.DB, shopper.id) : [];
  // A form not posted yet starts from the customer's saved address and email.
  const fresh = state.values.idempotencyKey === undefined;
  const start = fresh
    ? startingAddress(book, shippingCountries(set, requested), state.startFrom)
    : undefined;
  const v: Values = fresh
    ? {
        ...(start ? addressValues(start) : {}),
        email: (await customerEmail(c, shopper)) ?? "",
        ...state.values,
      }
    : state.values;
  const asked = {
    country: v["shippingAddress.country"],
    region: v["shippingAddress.region"],
    shippingMethod: v.shippingMethod,
  };
  const { cart, market, mismatch } = await viewCart(c, shopper.id, asked);
  if (cart.items.length === 0) return c.redirect("/cart", 303);
  rememberCartCount(c, cart.itemCount);
  const countries = shippingCountries(set, market);
  const country = cart.country ?? countries[0] ?? "US";
  const options = shippingOptions(set, market, country, cart.subtotal.amount);
  const chosen = options.find((o) => o.method.id === v.shippingMethod) ?? options[0];
  const locale = market.locale;
  // The total this page shows is the total the shopper agrees to pay: checkout refuses another.
  const shownTotal = cart.total.amount;
  const stripe = stripeBrowserConfig(c.env);
  // Answering the bank's challenge posts the very request that is waiting for it.
  const resumed = (stripe && state.clientSecret) || state.sameRequest ? v : null;
  return c.html(
    <Layout
      title="Checkout"
      shopper={shopper}
      cartCount={cart.itemCount}
      scripts={stripe ? [stripe.scriptUrl, STRIPE_CHECKOUT_SCRIPT_URL] : []}
      market={await marketChoice(c)}
    >
      <h1>Checkout</h1>
      {state.alert ? <Alert>{state.alert}</Alert> : null}
      {mismatch ? <Alert>{mismatch}</Alert> : null}
      <p>
        {cart.itemCount} item{cart.itemCount === 1 ? "" : "s"} in your <a href="/cart">cart</a>.
      </p>
      <BuyingLines cart={cart} locale={locale} />
      <CartTotals cart={cart} locale={locale} />
      <SavedAddressPicker book={book} countries={countries} chosen={start?.id} locale={locale} />
      <form
        method="post"
        action="/checkout"
        novalidate
        data-stripe-key={stripe?.publishableKey}
        data-amount={stripe ? String(shownTotal) : undefined}
        data-currency={stripe ? cart.total.currency : undefined}
        data-client-secret={resumed ? state.clientSecret : undefined}
      >
        <fieldset>
          <legend>Contact and shipping</legend>
          <div class="cols">
            <Field
              name="email"
              label="Email"
              type="email"
              autocomplete="email"
              value={v.email}
              error={state.errors.email}
              required
            />
            <AddressFields
              values={v}
              errors={state.errors}
              countries={countries}
              country={country}
              locale={locale}
            />
          </div>
          {shopper.kind === "customer" ? (
            <SaveAddressBox checked={fresh || v.saveAddress === "1"} />
          ) : null}
          <ShippingChoice
            options={options}
            chosen={chosen?.method.id}
            currency={cart.total.currency}
            locale={locale}
          />
          <button type="submit" name="update" value="1" class="secondary">
            Update shipping and total
          </button>
        </fieldset>
        <GiftCardField value={v.giftCard} error={state.errors.giftCard} />
        {stripe ? (
          <StripePayment
            token={resumed?.["payment.token"] ?? ""}
            error={state.errors["payment.token"]}
          />
        ) : (
          <TestCards chosen={v["payment.token"]} error={state.errors["payment.token"]} />
        )}
        {/* A fresh key per form: a double submit replays the first answer instead of paying twice. */}
        <input
          type="hidden"
          name="idempotencyKey"
          value={resumed?.idempotencyKey ?? `web-${crypto.randomUUID()}`}
        />
        <input
          type="hidden"
          name="expectedTotal"
          value={resumed?.expectedTotal ?? String(shownTotal)}
        />
        {/* The place that total is for: an order to another is shown its own total first. */}
        <input
          type="hidden"
          name="pricedFor"
          value={
            resumed?.pricedFor ?? placeKey(country, v["shippingAddress.region"], chosen?.method.id)
          }
        />
        <button type="submit" data-place-order>
          Place order
        </button>
      </form>
    </Layout>,
    status,
  );
}

export const checkoutPages = new Hono<AppEnv>()
  .get("/checkout", async (c) =>
    renderCheckout(c, { values: {}, errors: {}, startFrom: c.req.query("address") }),
  )
  .post("/checkout", async (c) => {
    const shopper = await currentShopper(c);
    if (!shopper) return c.redirect("/cart", 303);
    const values = readForm(await formFields(c));
    // "Update": the page again for the address and method chosen, nothing bought.
    if (values.update) return renderCheckout(c, { values, errors: {} });
    // Another country, region or method than the total shown was for: show its total first.
    const pricedPlace = placeKey(
      values["shippingAddress.country"] ?? "",
      values["shippingAddress.region"],
      values.shippingMethod,
    );
    if (values.pricedFor && values.pricedFor !== pricedPlace) {
      const alert =
        "Shipping and tax are now for the address you entered: check the new total, then place the order.";
      return renderCheckout(c, { values: { ...values, expectedTotal: "" }, errors: {}, alert });
    }
    const currency = (await requestMarket(c)).market.currency;
    const parsed = CheckoutSchema.safeParse(toCheckoutInput(values, currency));
    const regionError = missingRegion(values);
    if (!parsed.success || Object.keys(regionError).length > 0) {
      const errors = Object.fromEntries(
        (parsed.success ? [] : fieldErrors(parsed.error)).map((e) => [
          e.path,
          e.path === "payment.token" ? paymentHelp(c) : (FIELD_HELP[e.path] ?? e.message),
        ]),
      );
      const alert = "Please correct the marked fields.";
      return renderCheckout(c, { values, errors: { ...errors, ...regionError }, alert }, 400);
    }
    // The same rules as the API: a token of this store's provider, a well-formed key.
    let paying: Awaited<ReturnType<typeof paymentOf>>;
    try {
      paying = await paymentOf(paymentProvider(c.env), parsed.data);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === "not_configured") {
        return renderCheckout(c, { values, errors: {}, alert: err.detail }, 503);
      }
      const errors = { "payment.token": paymentHelp(c) };
      return renderCheckout(c, { values, errors, alert: "Please correct the marked fields." }, 400);
    }
    let idempotencyKey: string;
    try {
      idempotencyKey = checkIdempotencyKey(values.idempotencyKey);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const alert = "This form is out of date. Check your details and place the order again.";
      return renderCheckout(c, { values, errors: {}, alert }, 400);
    }
    const hash = await requestHash(parsed.data);
    const place = await cartPlace(c);
    const { outcome } = await reachProcess(
      () =>
        cartStubFor(c.env, shopper.id).checkout({
          place,
          shippingMethod: parsed.data.shippingMethod,
          shopperId: shopper.id,
          idempotencyKey,
          requestHash: hash,
          email: parsed.data.email,
          shippingAddress: parsed.data.shippingAddress,
          ...paying,
          expectedTotal: parsed.data.expectedTotal,
          requestId: c.get("requestId"),
          origin: new URL(c.req.url).origin,
        }),
      CHECKOUT_STILL_RUNNING,
    );
    if (outcome.kind === "paid") {
      deliverEmailsSoon(c);
      await noteAddressUse(c, shopper, parsed.data.shippingAddress, values.saveAddress === "1");
      // A paid order empties the cart.
      rememberCartCount(c, 0);
      return c.redirect(`/orders/${outcome.order.id}`, 303);
    }
    if (outcome.kind === "waiting") {
      return renderCheckout(c, { values, errors: {}, clientSecret: outcome.clientSecret }, 402);
    }
    const problem = outcome.kind === "refused" ? outcome.problem : stillRunningProblem().problem;
    if (problem.code === "cart_empty") return c.redirect("/cart", 303);
    // Still running: the same key, sent again, learns how it ended.
    const sameRequest = outcome.kind === "still_running";
    const status = processResponse(outcome).status;
    return renderCheckout(
      c,
      { values, errors: {}, alert: await alertFor(c, shopper.id, problem), sameRequest },
      status === 402 || status === 503 ? status : 409,
    );
  });
