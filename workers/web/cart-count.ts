import type { Context } from "hono";
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "../../src/cart/cart-view";
import { readConfig } from "../../src/config";
import type { AppEnv } from "../app-env";
import { clearHostCookie, hostCookie, setHostCookie } from "./cookies";

/**
 * How many items the session's cart held when a page last saw it, kept in a cookie so that every
 * page's header shows it without a call to the cart's Durable Object. The pages that show or
 * change the cart keep it in step; a change made elsewhere (another device, the API) shows once
 * the shopper next opens the cart or checkout.
 */
const CART_COUNT_COOKIE = "cart_count";
const MAX_COUNT = MAX_CART_LINES * MAX_LINE_QUANTITY;

export function cartCountOf(c: Context<AppEnv>): number {
  const text = hostCookie(c, CART_COUNT_COOKIE) ?? "";
  return /^\d{1,4}$/.test(text) ? Math.min(Number(text), MAX_COUNT) : 0;
}

export function rememberCartCount(c: Context<AppEnv>, count: number): void {
  if (count === cartCountOf(c)) return;
  if (count <= 0) {
    clearHostCookie(c, CART_COUNT_COOKIE);
    return;
  }
  setHostCookie(c, CART_COUNT_COOKIE, String(count), {
    maxAge: readConfig(c.env).tokenTtlSeconds,
  });
}
