import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as z from "zod";
import type { CartResult } from "../../durable-objects/cart-contract";
import { AppError } from "../../src/errors";
import { type ShippingOption, shippingOptions } from "../../src/markets/shipping";
import { money } from "../../src/money";
import { AddCartItemSchema, CartSchema, SetCartQuantitySchema } from "../../src/schemas/cart";
import { ShippingOptionSchema, ShippingOptionsQuerySchema } from "../../src/schemas/markets";
import type { AppEnv } from "../app-env";
import { cartStubFor } from "../carts";
import { cartPlace, requestMarket } from "../market";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ shopperToken: [] }];
const skuParam = z.object({ sku: z.string().min(1).max(200) });

/** The cart of the shopper the verified token names: never an id from the URL or body. */
export function cartOf(c: Context<AppEnv>) {
  return cartStubFor(c.env, c.get("shopper").id);
}

/** A shipping option as the API shows it. */
export const shippingOptionView = ({ method, price }: ShippingOption, currency: string) => ({
  id: method.id,
  name: method.name,
  price: money(price, currency),
  ...(method.estimate ? { estimate: method.estimate } : {}),
});

function unwrap(result: CartResult) {
  if (!result.ok) throw new AppError(result.error.code, result.error.detail, result.error.errors);
  return result.cart;
}

const getCartRoute = createRoute({
  method: "get",
  path: "/cart",
  tags: ["Cart"],
  security,
  request: {
    query: z.object({
      country: z.string().optional(),
      region: z.string().optional(),
      shippingMethod: z.string().optional(),
    }),
  },
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(401, 409) },
});

const shippingOptionsRoute = createRoute({
  method: "get",
  path: "/cart/shipping-options",
  tags: ["Cart"],
  security,
  request: { query: ShippingOptionsQuerySchema },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(ShippingOptionSchema) }),
      "What ships there, priced for this cart (empty: nothing does)",
    ),
    ...problems(400, 401, 409),
  },
});

const addItemRoute = createRoute({
  method: "post",
  path: "/cart/items",
  tags: ["Cart"],
  security,
  request: { body: jsonBody(AddCartItemSchema) },
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(400, 401, 404, 409) },
});

const setQuantityRoute = createRoute({
  method: "patch",
  path: "/cart/items/{sku}",
  tags: ["Cart"],
  security,
  request: { params: skuParam, body: jsonBody(SetCartQuantitySchema) },
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(400, 401, 404, 409) },
});

const removeItemRoute = createRoute({
  method: "delete",
  path: "/cart/items/{sku}",
  tags: ["Cart"],
  security,
  request: { params: skuParam },
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(401, 409) },
});

const applyDiscountRoute = createRoute({
  method: "post",
  path: "/cart/discounts",
  tags: ["Cart"],
  security,
  request: {
    body: jsonBody(
      z.strictObject({ code: z.string().trim().min(1).max(64) }).meta({ id: "ApplyDiscount" }),
    ),
  },
  responses: {
    200: jsonContent(CartSchema, "The cart, with the discount in `discounts`"),
    ...problems(400, 401, 404),
    409: problem("`discount_used_up`: the code has no use left; `checkout_in_progress`"),
    422: problem(
      "`discount_not_applicable`: expired, not yet valid, or not for this cart or market",
    ),
  },
});

const removeDiscountRoute = createRoute({
  method: "delete",
  path: "/cart/discounts/{code}",
  tags: ["Cart"],
  security,
  request: { params: z.object({ code: z.string().min(1).max(64) }) },
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(401, 409) },
});

const clearCartRoute = createRoute({
  method: "delete",
  path: "/cart",
  tags: ["Cart"],
  security,
  responses: { 204: { description: "Emptied" }, ...problems(401, 409) },
});

export const cartRoutes = openApiApp()
  .openapi(getCartRoute, async (c) => c.json(unwrap(await cartOf(c).view(await cartPlace(c))), 200))
  .openapi(shippingOptionsRoute, async (c) => {
    const { country } = c.req.valid("query");
    const cart = unwrap(await cartOf(c).view({ ...(await cartPlace(c)), country }));
    const { set, market } = await requestMarket(c);
    const options = shippingOptions(set, market, country, cart.subtotal.amount);
    return c.json({ items: options.map((o) => shippingOptionView(o, market.currency)) }, 200);
  })
  .openapi(addItemRoute, async (c) => {
    const { sku, quantity } = c.req.valid("json");
    return c.json(unwrap(await cartOf(c).addItem(await cartPlace(c), sku, quantity)), 200);
  })
  .openapi(setQuantityRoute, async (c) => {
    const result = await cartOf(c).setQuantity(
      await cartPlace(c),
      c.req.valid("param").sku,
      c.req.valid("json").quantity,
    );
    return c.json(unwrap(result), 200);
  })
  .openapi(removeItemRoute, async (c) =>
    c.json(unwrap(await cartOf(c).removeItem(await cartPlace(c), c.req.valid("param").sku)), 200),
  )
  .openapi(applyDiscountRoute, async (c) =>
    c.json(
      unwrap(await cartOf(c).applyDiscount(await cartPlace(c), c.req.valid("json").code)),
      200,
    ),
  )
  .openapi(removeDiscountRoute, async (c) =>
    c.json(unwrap(await cartOf(c).removeDiscount(await cartPlace(c))), 200),
  )
  .openapi(clearCartRoute, async (c) => {
    const result = await cartOf(c).clear();
    if (!result.ok) throw new AppError(result.error.code, result.error.detail);
    return c.body(null, 204);
  });
