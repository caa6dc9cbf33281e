import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as z from "zod";
import { readConfig } from "../../src/config";
import { listShippingZones, listTaxRates } from "../../src/markets/admin-read";
import { marketFallback } from "../../src/markets/load";
import {
  deleteMarket,
  deleteShippingZone,
  type MarketWriteDeps,
  putMarket,
  putShippingZone,
  putTaxRates,
} from "../../src/markets/write";
import { MarketIdSchema } from "../../src/schemas/common";
import {
  CountrySchema,
  MarketInputSchema,
  MarketListSchema,
  ShippingZoneInputSchema,
  TaxRatesInputSchema,
} from "../../src/schemas/markets";
import type { AppEnv } from "../app-env";
import { marketsOf } from "../market";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";
import { marketView } from "./markets";

const security = [{ adminToken: [] }];
const idParam = z.object({ id: MarketIdSchema });

const writeDeps = (c: Context<AppEnv>): MarketWriteDeps => ({
  db: c.env.DB,
  kv: c.env.CATALOG_CACHE,
  fallback: marketFallback(readConfig(c.env)),
});

async function marketList(c: Context<AppEnv>) {
  const set = await marketsOf(c);
  return { items: set.markets.map(marketView), default: set.defaultId };
}

const putMarketRoute = createRoute({
  method: "put",
  path: "/markets/{id}",
  tags: ["Admin"],
  security,
  request: { params: idParam, body: jsonBody(MarketInputSchema) },
  responses: {
    200: jsonContent(MarketListSchema, "Every market, with this one"),
    ...problems(400, 401, 403),
    409: problem(
      "`conflict`: a country is in another market, or the default would be left without one",
    ),
  },
});

const deleteMarketRoute = createRoute({
  method: "delete",
  path: "/markets/{id}",
  tags: ["Admin"],
  security,
  request: { params: idParam },
  responses: {
    204: { description: "Removed" },
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: the default market"),
  },
});

const TaxRateRowSchema = z
  .object({
    country: z.string(),
    region: z.string(),
    taxClass: z.string(),
    name: z.string(),
    rate: z.number().int(),
  })
  .meta({ id: "TaxRate" });

const listTaxRatesRoute = createRoute({
  method: "get",
  path: "/tax-rates",
  tags: ["Admin"],
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(TaxRateRowSchema) }), "The rates"),
    ...problems(401, 403),
  },
});

const putTaxRatesRoute = createRoute({
  method: "put",
  path: "/tax-rates/{country}",
  tags: ["Admin"],
  security,
  request: { params: z.object({ country: CountrySchema }), body: jsonBody(TaxRatesInputSchema) },
  responses: {
    200: jsonContent(z.object({ items: z.array(TaxRateRowSchema) }), "The country's rates"),
    ...problems(400, 401, 403),
  },
});

const ShippingZoneSchema = z
  .object({
    id: z.string(),
    market: z.string(),
    name: z.string(),
    countries: z.array(z.string()),
    methods: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        amount: z.number().int(),
        freeOver: z.number().int().nullable(),
        estimate: z.string().nullable(),
        taxClass: z.string(),
      }),
    ),
  })
  .meta({ id: "ShippingZone" });

const listZonesRoute = createRoute({
  method: "get",
  path: "/shipping-zones",
  tags: ["Admin"],
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(ShippingZoneSchema) }), "The zones"),
    ...problems(401, 403),
  },
});

const putZoneRoute = createRoute({
  method: "put",
  path: "/shipping-zones/{id}",
  tags: ["Admin"],
  security,
  request: { params: idParam, body: jsonBody(ShippingZoneInputSchema) },
  responses: {
    200: jsonContent(z.object({ items: z.array(ShippingZoneSchema) }), "Every zone"),
    ...problems(400, 401, 403),
    409: problem("`conflict`: a method id used by another zone"),
  },
});

const deleteZoneRoute = createRoute({
  method: "delete",
  path: "/shipping-zones/{id}",
  tags: ["Admin"],
  security,
  request: { params: idParam },
  responses: { 204: { description: "Removed" }, ...problems(400, 401, 403, 404) },
});

export const adminMarketRoutes = openApiApp()
  .openapi(putMarketRoute, async (c) => {
    await putMarket(writeDeps(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json(await marketList(c), 200);
  })
  .openapi(deleteMarketRoute, async (c) => {
    await deleteMarket(writeDeps(c), c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(listTaxRatesRoute, async (c) => c.json(await listTaxRates(c.env.DB), 200))
  .openapi(putTaxRatesRoute, async (c) => {
    const { country } = c.req.valid("param");
    await putTaxRates(writeDeps(c), country, c.req.valid("json"));
    return c.json(await listTaxRates(c.env.DB, country), 200);
  })
  .openapi(listZonesRoute, async (c) => c.json(await listShippingZones(c.env.DB), 200))
  .openapi(putZoneRoute, async (c) => {
    await putShippingZone(writeDeps(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json(await listShippingZones(c.env.DB), 200);
  })
  .openapi(deleteZoneRoute, async (c) => {
    await deleteShippingZone(writeDeps(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
