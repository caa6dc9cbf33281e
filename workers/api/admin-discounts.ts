import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createDb } from "../../src/db/client";
import { DISCOUNT_STATUSES } from "../../src/db/promotion-schema";
import { notFound } from "../../src/errors";
import { discountAuthority } from "../../src/promotions/authority";
import {
  createDiscount,
  findDiscount,
  setDiscountStatus,
} from "../../src/promotions/discount-store";
import { DiscountSchema, NewDiscountSchema } from "../../src/schemas/discounts";
import type { AppEnv } from "../app-env";
import { marketsOf } from "../market";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const codeParam = z.object({ code: z.string().min(1).max(64) });

/** The code's definition with its uses, as its authority counts them now. */
async function discountView(c: Context<AppEnv>, code: string) {
  const definition = await findDiscount(createDb(c.env.DB), code);
  if (!definition) throw notFound("Discount");
  return { ...definition, ...(await discountAuthority(c.env.DISCOUNTS, code).counts()) };
}

const createRouteDef = createRoute({
  method: "post",
  path: "/discounts",
  tags: ["Admin"],
  security,
  summary: "Create a discount code (percentage, fixed amount or free shipping), with its limits",
  request: { body: jsonBody(NewDiscountSchema) },
  responses: {
    201: jsonContent(DiscountSchema, "The code, with no use yet"),
    ...problems(400, 401, 403),
    409: problem("`conflict`: the code exists (codes compare case-insensitively)"),
  },
});

const getRouteDef = createRoute({
  method: "get",
  path: "/discounts/{code}",
  tags: ["Admin"],
  security,
  summary: "A discount code, with its uses: `used` by paid orders, `held` by running checkouts",
  request: { params: codeParam },
  responses: { 200: jsonContent(DiscountSchema, "The code"), ...problems(401, 403, 404) },
});

const statusRouteDef = createRoute({
  method: "patch",
  path: "/discounts/{code}",
  tags: ["Admin"],
  security,
  summary: "Pause, resume or end a code (an ended code stays ended)",
  request: {
    params: codeParam,
    body: jsonBody(
      z.strictObject({ status: z.enum(DISCOUNT_STATUSES) }).meta({ id: "DiscountStatus" }),
    ),
  },
  responses: {
    200: jsonContent(DiscountSchema, "The code"),
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: the code has ended"),
  },
});

export const adminDiscountRoutes = openApiApp()
  .openapi(createRouteDef, async (c) => {
    const input = c.req.valid("json");
    await createDiscount(createDb(c.env.DB), await marketsOf(c), input);
    return c.json(await discountView(c, input.code), 201);
  })
  .openapi(getRouteDef, async (c) => c.json(await discountView(c, c.req.valid("param").code), 200))
  .openapi(statusRouteDef, async (c) => {
    const { code } = c.req.valid("param");
    await setDiscountStatus(createDb(c.env.DB), code, c.req.valid("json").status);
    return c.json(await discountView(c, code), 200);
  });
