import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import {
  giftCardByCode,
  giftCardById,
  issueGiftCard,
  listGiftCards,
  voidGiftCard,
} from "../../src/promotions/gift-cards";
import {
  GiftCardBalanceSchema,
  GiftCardCodeSchema,
  GiftCardSchema,
  IssuedGiftCardSchema,
  NewGiftCardSchema,
} from "../../src/schemas/gift-cards";
import { limitByAddress } from "../auth/session";
import { giftCardDeps } from "../deps";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const idParam = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, "a card id") });

const issueRoute = createRoute({
  method: "post",
  path: "/gift-cards",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(NewGiftCardSchema) },
  responses: {
    201: jsonContent(IssuedGiftCardSchema, "The card and its code"),
    ...problems(400, 401, 403),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/gift-cards",
  tags: ["Admin"],
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(GiftCardSchema) }), "The cards"),
    ...problems(401, 403),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/gift-cards/{id}",
  tags: ["Admin"],
  security,
  request: { params: idParam },
  responses: { 200: jsonContent(GiftCardSchema, "The card"), ...problems(400, 401, 403, 404) },
});

const lookupRoute = createRoute({
  method: "post",
  path: "/gift-cards/lookup",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(GiftCardCodeSchema) },
  responses: { 200: jsonContent(GiftCardSchema, "The card"), ...problems(400, 401, 403, 404) },
});

const voidRoute = createRoute({
  method: "post",
  path: "/gift-cards/{id}/void",
  tags: ["Admin"],
  security,
  request: { params: idParam },
  responses: {
    200: jsonContent(GiftCardSchema, "The void card"),
    ...problems(400, 401, 403, 404),
    409: problem("`conflict`: the card is void already"),
  },
});

export const adminGiftCardRoutes = openApiApp()
  .openapi(issueRoute, async (c) =>
    c.json(await issueGiftCard(giftCardDeps(c.env), c.req.valid("json")), 201),
  )
  .openapi(listRoute, async (c) => c.json({ items: await listGiftCards(giftCardDeps(c.env)) }, 200))
  .openapi(lookupRoute, async (c) =>
    c.json(await giftCardByCode(giftCardDeps(c.env), c.req.valid("json").code), 200),
  )
  .openapi(getRoute, async (c) =>
    c.json(await giftCardById(giftCardDeps(c.env), c.req.valid("param").id), 200),
  )
  .openapi(voidRoute, async (c) =>
    c.json(await voidGiftCard(giftCardDeps(c.env), c.req.valid("param").id), 200),
  );

const balanceRoute = createRoute({
  method: "post",
  path: "/gift-cards/balance",
  tags: ["Gift cards"],
  request: { body: jsonBody(GiftCardCodeSchema) },
  responses: {
    200: jsonContent(GiftCardBalanceSchema, "Its last four, balance and status"),
    ...problems(400, 404, 429),
  },
});

export const giftCardRoutes = openApiApp().openapi(balanceRoute, async (c) => {
  await limitByAddress(c);
  const card = await giftCardByCode(giftCardDeps(c.env), c.req.valid("json").code);
  return c.json({ last4: card.last4, balance: card.balance, status: card.status }, 200);
});
