import type { Context } from "hono";
import { Hono } from "hono";
import { requestHash } from "../../src/checkout/request-hash";
import { checkIdempotencyKey, checkPaymentToken } from "../../src/checkout/request-rules";
import { readConfig } from "../../src/config";
import { AppError, type Problem } from "../../src/errors";
import { shippingFor } from "../../src/orders/shipping";
import { paymentProvider } from "../../src/payments";
import { stripeBrowserConfig } from "../../src/payments/stripe-browser";
import { CheckoutSchema } from "../../src/schemas/orders";
import type { AppEnv } from "../app-env";
import { cartStubFor } from "../carts";
import { deliverEmailsSoon } from "../emails/deliver";
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
import { Alert, Field, Layout } from "./layout";
import { currentShopper } from "./session";

const CARDS = [
  { token: "tok_visa", label: "Test Visa ending 4242 (approved)" },
  { token: "tok_decline", label: "Test card that is declined" },
];

const FIELDS = [
  ["email", "Email", "email", "email"],
  ["shippingAddress.name", "Full name", "text", "name"],
  ["shippingAddress.line1", "Address line 1", "text", "address-line1"],
  ["shippingAddress.line2", "Address line 2 (optional)", "text", "address-line2"],
  ["shippingAddress.city", "City", "text", "address-level2"],
  ["shippingAddress.region", "State or region (optional)", "text", "address-level1"],
  ["shippingAddress.postalCode", "Postal code", "text", "postal-code"],
] as const;

/** What to tell a shopper about a field that did not pass, in words rather than schema terms. */
const FIELD_HELP: Record<string, string> = {
  email: "Enter an email address such as ada@example.com.",
  "shippingAddress.name": "Enter the name to ship to.",
  "shippingAddress.line1": "Enter the street address.",
  "shippingAddress.city": "Enter the city.",
  "shippingAddress.postalCode": "Enter the postal code.",
  "shippingAddress.country": "Enter a two-letter country code such as US.",
};

/** A card field that did not pass: the test cards are chosen, Stripe's card is typed in. */
const paymentHelp = (c: Context<AppEnv>) =>
  stripeBrowserConfig(c.env) ? "Enter your card details." : "Choose a card.";

type Values = Record<string, string>;

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
}

async function renderCheckout(
  c: Context<AppEnv>,
  state: FormState,
  status: 200 | 400 | 402 | 409 | 503 = 200,
) {
  const shopper = await currentShopper(c);
  const cart = shopper ? await cartStubFor(c.env, shopper.id).view() : null;
  if (!shopper || !cart || cart.items.length === 0) return c.redirect("/cart", 303);
  rememberCartCount(c, cart.itemCount);
  const v = state.values;
  const rules = readConfig(c.env);
  // The total this page shows is the total the shopper agrees to pay: checkout refuses another.
  const shownTotal = cart.subtotal.amount + shippingFor(cart.subtotal.amount, rules);
  const stripe = stripeBrowserConfig(c.env);
  // Answering the bank's challenge posts the very request that is waiting for it.
  const resumed = (stripe && state.clientSecret) || state.sameRequest ? v : null;
  return c.html(
    <Layout
      title="Checkout"
      shopper={shopper}
      cartCount={cart.itemCount}
      scripts={stripe ? [stripe.scriptUrl, STRIPE_CHECKOUT_SCRIPT_URL] : []}
    >
      <h1>Checkout</h1>
      {state.alert ? <Alert>{state.alert}</Alert> : null}
      <p>
        {cart.itemCount} item{cart.itemCount === 1 ? "" : "s"} in your <a href="/cart">cart</a>.
      </p>
      <CartTotals cart={cart} rules={rules} />
      <form
        method="post"
        action="/checkout"
        novalidate
        data-stripe-key={stripe?.publishableKey}
        data-amount={stripe ? String(shownTotal) : undefined}
        data-currency={stripe ? cart.subtotal.currency : undefined}
        data-client-secret={resumed ? state.clientSecret : undefined}
      >
        <fieldset>
          <legend>Contact and shipping</legend>
          <div class="cols">
            {FIELDS.map(([name, label, type, autocomplete]) => (
              <Field
                name={name}
                label={label}
                type={type}
                autocomplete={autocomplete}
                value={v[name]}
                error={state.errors[name]}
                required={!label.includes("optional")}
              />
            ))}
            <Field
              name="shippingAddress.country"
              label="Country code"
              hint="Two letters, such as US or GB"
              autocomplete="country"
              value={v["shippingAddress.country"] ?? "US"}
              error={state.errors["shippingAddress.country"]}
              required
            />
          </div>
        </fieldset>
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
        <button type="submit">Place order</button>
      </form>
    </Layout>,
    status,
  );
}

function TestCards(props: { chosen: string | undefined; error: string | undefined }) {
  return (
    <fieldset>
      <legend>Payment (test cards)</legend>
      <p class="muted">This store takes test cards only: nothing is charged.</p>
      {CARDS.map((card) => (
        <div class="variant">
          <input
            type="radio"
            id={`card-${card.token}`}
            name="payment.token"
            value={card.token}
            checked={(props.chosen ?? "tok_visa") === card.token}
          />
          <label for={`card-${card.token}`}>{card.label}</label>
        </div>
      ))}
      {props.error ? <span class="error">{props.error}</span> : null}
    </fieldset>
  );
}

/** Stripe's Payment Element goes here; the page's script fills `payment.token` on submit. */
function StripePayment(props: { token: string; error: string | undefined }) {
  return (
    <fieldset>
      <legend>Payment</legend>
      <div class="payment-element" data-payment-element />
      <p class="payment-status" role="status" aria-live="polite" data-payment-status>
        {props.error ?? ""}
      </p>
      <noscript>
        <p class="error">
          Paying by card needs JavaScript: the card form is Stripe's and runs in your browser.
        </p>
      </noscript>
      <input type="hidden" name="payment.token" value={props.token} />
    </fieldset>
  );
}

function readForm(form: Record<string, unknown>): Values {
  const values: Values = {};
  for (const [key, value] of Object.entries(form))
    if (typeof value === "string") values[key] = value.trim();
  return values;
}

/** The form's flat fields as the checkout request the API takes (empty optional fields left out). */
function toCheckoutInput(v: Values, currency: string) {
  const optional = (name: string) => (v[name] ? v[name] : undefined);
  return {
    email: v.email ?? "",
    shippingAddress: {
      name: v["shippingAddress.name"] ?? "",
      line1: v["shippingAddress.line1"] ?? "",
      line2: optional("shippingAddress.line2"),
      city: v["shippingAddress.city"] ?? "",
      region: optional("shippingAddress.region"),
      postalCode: v["shippingAddress.postalCode"] ?? "",
      country: (v["shippingAddress.country"] ?? "").toUpperCase(),
    },
    payment: { token: v["payment.token"] ?? "" },
    expectedTotal: /^\d{1,10}$/.test(v.expectedTotal ?? "")
      ? { amount: Number(v.expectedTotal), currency }
      : undefined,
  };
}

/** "Wool Socks (M): only 0 available", from the problem's `items.<sku>` paths and the cart's titles. */
async function soldOutNames(c: Context<AppEnv>, shopperId: string, problem: Problem) {
  const cart = await cartStubFor(c.env, shopperId).view();
  return (problem.errors ?? [])
    .map((e) => {
      const sku = e.path.replace(/^items\./, "");
      const item = cart.items.find((i) => i.sku === sku);
      return `${item ? `${item.title} (${item.variantTitle})` : sku}: ${e.message}`;
    })
    .join("; ");
}

/** What to tell the shopper when the checkout did not go through, in words they can act on. */
async function alertFor(c: Context<AppEnv>, shopperId: string, problem: Problem) {
  switch (problem.code) {
    case "payment_declined":
      return "Your card was declined. Your cart is kept: try another card.";
    case "insufficient_stock":
      return `Sorry, some items just sold out: ${await soldOutNames(c, shopperId, problem)}. Please update your cart.`;
    case "price_changed":
      return `Prices changed while you were shopping, so nothing was charged. ${problem.detail.split(". ")[0]}. Check the new total below and place the order again.`;
    case "checkout_in_progress":
      return "This cart is already being checked out, perhaps in another tab. Wait a moment, then look at your orders.";
    case "checkout_interrupted":
      return "We could not finish your order on our side and undid it: nothing was charged and your cart is kept. Place the order again.";
    case "dependency_unavailable":
      return "We could not finish your order just now; it goes on by itself. Press Place order again in a few seconds to see how it ended: you will not be charged twice.";
    default:
      return problem.detail;
  }
}

export const checkoutPages = new Hono<AppEnv>()
  .get("/checkout", async (c) => renderCheckout(c, { values: {}, errors: {} }))
  .post("/checkout", async (c) => {
    const shopper = await currentShopper(c);
    if (!shopper) return c.redirect("/cart", 303);
    const values = readForm(await c.req.parseBody());
    const parsed = CheckoutSchema.safeParse(
      toCheckoutInput(values, readConfig(c.env).storeCurrency),
    );
    if (!parsed.success) {
      const errors = Object.fromEntries(
        fieldErrors(parsed.error).map((e) => [
          e.path,
          e.path === "payment.token" ? paymentHelp(c) : (FIELD_HELP[e.path] ?? e.message),
        ]),
      );
      return renderCheckout(c, { values, errors, alert: "Please correct the marked fields." }, 400);
    }
    // The same rules as the API: a token of this store's provider, a well-formed key.
    try {
      checkPaymentToken(paymentProvider(c.env), parsed.data.payment.token);
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
    const { outcome } = await reachProcess(
      () =>
        cartStubFor(c.env, shopper.id).checkout({
          shopperId: shopper.id,
          idempotencyKey,
          requestHash: hash,
          email: parsed.data.email,
          shippingAddress: parsed.data.shippingAddress,
          paymentToken: parsed.data.payment.token,
          expectedTotal: parsed.data.expectedTotal,
          requestId: c.get("requestId"),
        }),
      CHECKOUT_STILL_RUNNING,
    );
    if (outcome.kind === "paid") {
      deliverEmailsSoon(c);
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
