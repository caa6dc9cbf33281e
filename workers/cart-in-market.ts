import type { Context } from "hono";
import type { CartView } from "../src/cart/cart-view";
import { AppError } from "../src/errors";
import { type Market, marketById } from "../src/markets/market";
import type { PlaceAsked } from "../src/markets/place";
import type { AppEnv } from "./app-env";
import { cartStubFor } from "./carts";
import { cartPlace, requestMarket } from "./market";

/**
 * A shopper's cart for a page, in the page's market. A cart that cannot move there (a line has
 * no price in it) is shown in its own market, with why it did not move.
 */
export async function viewCart(
  c: Context<AppEnv>,
  shopperId: string,
  asked: PlaceAsked = {},
): Promise<{ cart: CartView; market: Market; mismatch?: string }> {
  const stub = cartStubFor(c.env, shopperId);
  const place = { ...(await cartPlace(c)), ...definedOnly(asked) };
  const { set, market } = await requestMarket(c);
  const result = await stub.view(place);
  if (result.ok) return { cart: result.cart, market };
  const own = result.error.cartMarket ? marketById(set, result.error.cartMarket) : undefined;
  if (!own) throw new AppError(result.error.code, result.error.detail, result.error.errors);
  const kept = await stub.view({ ...place, market: own.id });
  if (!kept.ok) throw new AppError(kept.error.code, kept.error.detail, kept.error.errors);
  return {
    cart: kept.cart,
    market: own,
    mismatch: `${result.error.detail} Your cart stays in ${own.name} (${own.currency}) until then.`,
  };
}

const definedOnly = (asked: PlaceAsked): PlaceAsked =>
  Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined && v !== ""));
