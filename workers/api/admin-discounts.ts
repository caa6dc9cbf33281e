import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as z from "zod";
import { createDb } from "../../src/db/client";
import { notFound } from "../../src/errors";
import { discountAuthority } from "../../src/promotions/authority";
import {
  createDiscount,
  findDiscount,
  listDiscounts,
  patchDiscount,
} from "../../src/promotions/discount-store";
import {
  createPromotion,
  findPromotion,
  listPromotions,
  patchPromotion,
} from "../../src/promotions/promotion-store";
import {
  DiscountPatchSchema,
  DiscountSchema,
  NewDiscountSchema,
} from "../../src/schemas/discounts";
import {
  NewPromotionSchema,
  PromotionPatchSchema,
  PromotionSchema,
} from "../../src/schemas/promotions";
import type { AppEnv } from "../app-env";
import { promotionWriteDeps } from "../deps";
import { noteBefore } from "../middleware/audit-scope";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const codeParam = z.object({ code: z.string().min(1).max(64) });
const idParam = z.object({ id: z.string().min(1).max(64) });

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
  request: { body: jsonBody(NewDiscountSchema) },
  responses: {
    201: jsonContent(DiscountSchema, "The code, with no use yet"),
    ...problems(400, 401, 403),
    409: problem("`conflict`: the code exists (codes compare case-insensitively)"),
  },
});

const listRouteDef = createRoute({
  method: "get",
  path: "/discounts",
  tags: ["Admin"],
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(DiscountSchema) }), "The codes"),
    ...problems(401, 403),
  },
});

const getRouteDef = createRoute({
  method: "get",
  path: "/discounts/{code}",
  tags: ["Admin"],
  security,
  request: { params: codeParam },
  responses: { 200: jsonContent(DiscountSchema, "The code"), ...problems(401, 403, 404) },
});

const patchRouteDef = createRoute({
  method: "patch",
  path: "/discounts/{code}",
  tags: ["Admin"],
  security,
  request: { params: codeParam, body: jsonBody(DiscountPatchSchema) },
  responses: {
    200: jsonContent(DiscountSchema, "The code"),
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: the code has ended"),
  },
});

const createPromotionDef = createRoute({
  method: "post",
  path: "/promotions",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(NewPromotionSchema) },
  responses: { 201: jsonContent(PromotionSchema, "The promotion"), ...problems(400, 401, 403) },
});

const listPromotionsDef = createRoute({
  method: "get",
  path: "/promotions",
  tags: ["Admin"],
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(PromotionSchema) }), "The promotions"),
    ...problems(401, 403),
  },
});

const getPromotionDef = createRoute({
  method: "get",
  path: "/promotions/{id}",
  tags: ["Admin"],
  security,
  request: { params: idParam },
  responses: { 200: jsonContent(PromotionSchema, "The promotion"), ...problems(401, 403, 404) },
});

const patchPromotionDef = createRoute({
  method: "patch",
  path: "/promotions/{id}",
  tags: ["Admin"],
  security,
  request: { params: idParam, body: jsonBody(PromotionPatchSchema) },
  responses: {
    200: jsonContent(PromotionSchema, "The promotion"),
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: the promotion has ended"),
  },
});

export const adminDiscountRoutes = openApiApp()
  .openapi(createRouteDef, async (c) => {
    const input = c.req.valid("json");
    await createDiscount(await promotionWriteDeps(c.env), input);
    return c.json(await discountView(c, input.code), 201);
  })
  .openapi(listRouteDef, async (c) => {
    const codes = await listDiscounts(createDb(c.env.DB));
    const items = await Promise.all(codes.map((d) => discountView(c, d.code)));
    return c.json({ items }, 200);
  })
  .openapi(getRouteDef, async (c) => c.json(await discountView(c, c.req.valid("param").code), 200))
  .openapi(patchRouteDef, async (c) => {
    const { code } = c.req.valid("param");
    noteBefore(c, await discountView(c, code));
    await patchDiscount(await promotionWriteDeps(c.env), code, c.req.valid("json"));
    return c.json(await discountView(c, code), 200);
  })
  .openapi(createPromotionDef, async (c) =>
    c.json(await createPromotion(await promotionWriteDeps(c.env), c.req.valid("json")), 201),
  )
  .openapi(listPromotionsDef, async (c) =>
    c.json({ items: await listPromotions(createDb(c.env.DB)) }, 200),
  )
  .openapi(getPromotionDef, async (c) => {
    const promotion = await findPromotion(createDb(c.env.DB), c.req.valid("param").id);
    if (!promotion) throw notFound("Promotion");
    return c.json(promotion, 200);
  })
  .openapi(patchPromotionDef, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(
      await patchPromotion(await promotionWriteDeps(c.env), id, c.req.valid("json")),
      200,
    );
  });
