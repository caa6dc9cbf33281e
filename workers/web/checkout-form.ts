// The checkout form's fields read as the checkout request, and help for a field that did not pass.
import type { Context } from "hono";
import { addressFormOf } from "../../src/markets/countries";
import { stripeBrowserConfig } from "../../src/payments/stripe-browser";
import type { AppEnv } from "../app-env";

export type Values = Record<string, string>;

/** What to tell a shopper about a field that did not pass, in words rather than schema terms. */
export const FIELD_HELP: Record<string, string> = {
  email: "Enter an email address such as ada@example.com.",
  "shippingAddress.name": "Enter the name to ship to.",
  "shippingAddress.line1": "Enter the street address.",
  "shippingAddress.city": "Enter the city.",
  "shippingAddress.postalCode": "Enter the postal code.",
  "shippingAddress.country": "Choose the country to ship to.",
  shippingMethod: "Choose how to ship.",
};

/** A card field that did not pass: the test cards are chosen, Stripe's card is typed in. */
export const paymentHelp = (c: Context<AppEnv>) =>
  stripeBrowserConfig(c.env) ? "Enter your card details." : "Choose a card.";

export function readForm(form: Record<string, string>): Values {
  return Object.fromEntries(Object.entries(form).map(([key, value]) => [key, value.trim()]));
}

/** The form's flat fields as the checkout request the API takes (empty optional fields left out). */
export function toCheckoutInput(v: Values, currency: string) {
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
    shippingMethod: optional("shippingMethod"),
    payment: { token: v["payment.token"] ?? "" },
    giftCard: optional("giftCard")?.trim() || undefined,
    expectedTotal: /^\d{1,10}$/.test(v.expectedTotal ?? "")
      ? { amount: Number(v.expectedTotal), currency }
      : undefined,
  };
}

/** The address and method a total was priced for, as the form carries it. */
export const placeKey = (country: string, region: string | undefined, method: string | undefined) =>
  [country, (region ?? "").toUpperCase(), method ?? ""].join("|");

/** A region the address needs and did not give (a US state): the page asks before any checkout. */
export function missingRegion(values: Values): Record<string, string> {
  const form = addressFormOf(values["shippingAddress.country"] ?? "");
  if (!form.region?.required || values["shippingAddress.region"]) return {};
  return { "shippingAddress.region": `Enter the ${form.region.label.toLowerCase()}.` };
}
