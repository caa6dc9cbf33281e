import { env } from "cloudflare:workers";
import { adminCall, call, createProduct, unique } from "./helpers";

export const address = {
  name: "Ada Lovelace",
  line1: "12 St James's Square",
  city: "London",
  postalCode: "SW1Y 4JH",
  country: "GB",
};

/** The web checkout form's contact and address fields, filled in. */
export const checkoutForm = {
  email: "ada@example.com",
  "shippingAddress.name": "Ada Lovelace",
  "shippingAddress.line1": "1 Main St",
  "shippingAddress.city": "Springfield",
  "shippingAddress.region": "IL",
  "shippingAddress.postalCode": "12345",
  "shippingAddress.country": "US",
};

export const checkoutBody = (token = "tok_visa", email = "ada@example.com") => ({
  email,
  shippingAddress: address,
  payment: { token },
});

export interface OrderBody {
  id: string;
  number: string;
  status: string;
  email: string;
  lines: {
    sku: string;
    title: string;
    unitPrice: { amount: number };
    quantity: number;
    lineTotal: { amount: number };
  }[];
  subtotal: { amount: number; currency: string };
  shipping: { amount: number; currency: string };
  total: { amount: number; currency: string };
  giftCard?: { last4: string; amount: { amount: number } } | null;
  shippingAddress: typeof address;
  createdAt: string;
  updatedAt: string;
  events: { type: string; at: string; trackingNumber?: string }[];
}

export function checkout(
  token: string,
  body: unknown = checkoutBody(),
  key: string | null = unique("idem-key"),
) {
  return call("POST", "/api/v1/checkout", {
    token,
    body,
    headers: key === null ? {} : { "idempotency-key": key },
  });
}

/** A product with one sku and `stock` units at `price`. */
export async function stockedSku(stock: number, price = 1500) {
  const { input } = await createProduct({
    variants: [
      { sku: unique("SKU"), title: "Default", price: { amount: price, currency: "USD" }, stock },
    ],
  });
  return { slug: input.slug, sku: input.variants[0]?.sku ?? "" };
}

export async function stockOf(sku: string) {
  return (await (await adminCall("GET", `/api/v1/admin/inventory/${sku}`)).json()) as {
    onHand: number;
    reserved: number;
    available: number;
  };
}

export const addToCart = (token: string, sku: string, quantity: number) =>
  call("POST", "/api/v1/cart/items", { token, body: { sku, quantity } });

export const cartStub = (shopperId: string) => env.CART.get(env.CART.idFromName(shopperId));
