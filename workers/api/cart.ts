import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { CartResult } from "../../durable-objects/cart-contract";
import { AppError } from "../../src/errors";
import { AddCartItemSchema, CartSchema, SetCartQuantitySchema } from "../../src/schemas/cart";
import type { AppEnv } from "../app-env";
import { cartStubFor } from "../carts";
import { jsonBody, jsonContent, openApiApp, problems } from "../openapi";

const security = [{ shopperToken: [] }];
const skuParam = z.object({ sku: z.string().min(1).max(200) });

/** The cart of the shopper the verified token names: never an id from the URL or body. */
export function cartOf(c: Context<AppEnv>) {
  return cartStubFor(c.env, c.get("shopper").id);
}

function unwrap(result: CartResult) {
  if (!result.ok) throw new AppError(result.error.code, result.error.detail, result.error.errors);
  return result.cart;
}

const getCartRoute = createRoute({
  method: "get",
  path: "/cart",
  tags: ["Cart"],
  security,
  summary: "The shopper's cart at current catalog prices",
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(401) },
});

const addItemRoute = createRoute({
  method: "post",
  path: "/cart/items",
  tags: ["Cart"],
  security,
  summary: "Add units of a sku to the cart",
  request: { body: jsonBody(AddCartItemSchema) },
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(400, 401, 404, 409) },
});

const setQuantityRoute = createRoute({
  method: "patch",
  path: "/cart/items/{sku}",
  tags: ["Cart"],
  security,
  summary: "Set a line's quantity (0 removes it)",
  request: { params: skuParam, body: jsonBody(SetCartQuantitySchema) },
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(400, 401, 404, 409) },
});

const removeItemRoute = createRoute({
  method: "delete",
  path: "/cart/items/{sku}",
  tags: ["Cart"],
  security,
  summary: "Remove a line",
  request: { params: skuParam },
  responses: { 200: jsonContent(CartSchema, "The cart"), ...problems(401, 409) },
});

const clearCartRoute = createRoute({
  method: "delete",
  path: "/cart",
  tags: ["Cart"],
  security,
  summary: "Empty the cart",
  responses: { 204: { description: "Emptied" }, ...problems(401, 409) },
});

export const cartRoutes = openApiApp()
  .openapi(getCartRoute, async (c) => c.json(await cartOf(c).view(), 200))
  .openapi(addItemRoute, async (c) => {
    const { sku, quantity } = c.req.valid("json");
    return c.json(unwrap(await cartOf(c).addItem(sku, quantity)), 200);
  })
  .openapi(setQuantityRoute, async (c) => {
    const result = await cartOf(c).setQuantity(
      c.req.valid("param").sku,
      c.req.valid("json").quantity,
    );
    return c.json(unwrap(result), 200);
  })
  .openapi(removeItemRoute, async (c) =>
    c.json(unwrap(await cartOf(c).removeItem(c.req.valid("param").sku)), 200),
  )
  .openapi(clearCartRoute, async (c) => {
    const result = await cartOf(c).clear();
    if (!result.ok) throw new AppError(result.error.code, result.error.detail);
    return c.body(null, 204);
  });
