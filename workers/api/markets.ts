import { createRoute } from "@hono/zod-openapi";
import type { Market } from "../../src/markets/market";
import { MarketListSchema } from "../../src/schemas/markets";
import { marketsOf } from "../market";
import { jsonContent, openApiApp } from "../openapi";

const listMarketsRoute = createRoute({
  method: "get",
  path: "/markets",
  tags: ["Catalog"],
  responses: { 200: jsonContent(MarketListSchema, "Every market") },
});

export const marketView = (m: Market) => ({
  id: m.id,
  name: m.name,
  currency: m.currency,
  countries: m.countries,
  locale: m.locale,
  pricesIncludeTax: m.pricesIncludeTax,
});

export const marketRoutes = openApiApp().openapi(listMarketsRoute, async (c) => {
  const set = await marketsOf(c);
  c.header("cache-control", "public, max-age=0, must-revalidate");
  return c.json({ items: set.markets.map(marketView), default: set.defaultId }, 200);
});
