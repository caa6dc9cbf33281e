import { hc } from "hono/client";
import type { App } from "../workers/app";

/**
 * A typed client of the storefront API: paths, parameters, bodies and answers are checked by
 * TypeScript from the same route definitions the Worker serves.
 *
 *   const shop = storefrontClient("https://shop.example");
 *   const guest = await (await shop.api.v1.auth.guest.$post({ json: {} })).json();
 */
export function storefrontClient(baseUrl: string, options?: Parameters<typeof hc>[1]) {
  return hc<App>(baseUrl, options);
}

export type StorefrontClient = ReturnType<typeof storefrontClient>;
export type { App };
