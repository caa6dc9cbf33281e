import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { findCustomer, registerCustomer } from "../../src/auth/customers";
import { verificationState } from "../../src/auth/email-verification";
import { createDb } from "../../src/db/client";
import { AppError } from "../../src/errors";
import { newId } from "../../src/ids";
import {
  AuthResultSchema,
  LoginSchema,
  RegisterSchema,
  ShopperSchema,
} from "../../src/schemas/auth";
import { limitByAddress, signInCustomer, tokenFor } from "../auth/session";
import { mergeGuestCart } from "../carts";
import { jsonBody, jsonContent, openApiApp, problems } from "../openapi";
import { verifyAddress } from "./account-auth";

const guestRoute = createRoute({
  method: "post",
  path: "/auth/guest",
  tags: ["Identity"],
  request: {
    body: {
      required: false,
      content: { "application/json": { schema: z.strictObject({}).meta({ id: "GuestSession" }) } },
    },
  },
  responses: { 201: jsonContent(AuthResultSchema, "A guest token"), ...problems(400, 415) },
});

const registerRoute = createRoute({
  method: "post",
  path: "/auth/register",
  tags: ["Identity"],
  request: { body: jsonBody(RegisterSchema) },
  responses: {
    201: jsonContent(AuthResultSchema, "The new customer and a token"),
    ...problems(400, 409, 429),
  },
});

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Identity"],
  request: { body: jsonBody(LoginSchema) },
  responses: {
    200: jsonContent(AuthResultSchema, "The customer and a token"),
    ...problems(400, 401, 429),
  },
});

const meRoute = createRoute({
  method: "get",
  path: "/me",
  tags: ["Identity"],
  security: [{ shopperToken: [] }],
  responses: {
    200: jsonContent(z.object({ shopper: ShopperSchema }), "The shopper"),
    ...problems(401),
  },
});

export const authRoutes = openApiApp()
  .openapi(guestRoute, async (c) => {
    const shopper = { id: newId("gst"), kind: "guest" as const };
    return c.json({ token: await tokenFor(c, shopper), shopper }, 201);
  })
  .openapi(registerRoute, async (c) => {
    const input = c.req.valid("json");
    await limitByAddress(c);
    const customer = await registerCustomer(createDb(c.env.DB), input);
    await verifyAddress(c, customer);
    const token = await tokenFor(c, { id: customer.id, kind: "customer" });
    return c.json({ token, shopper: { ...customer, kind: "customer" as const } }, 201);
  })
  .openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid("json");
    const customer = await signInCustomer(c, email, password);
    if (!customer) throw new AppError("unauthorized", "The email or password is wrong.");
    await mergeGuestCart(c.env, c.req.header("x-guest-token"), customer.id);
    const token = await tokenFor(c, { id: customer.id, kind: "customer" });
    return c.json({ token, shopper: { ...customer, kind: "customer" as const } }, 200);
  });

/** Mounted behind `shopperAuth`. */
export const meRoutes = openApiApp().openapi(meRoute, async (c) => {
  const claims = c.get("shopper");
  if (claims.kind === "guest")
    return c.json({ shopper: { id: claims.id, kind: claims.kind } }, 200);
  const customer = await findCustomer(createDb(c.env.DB), claims.id);
  if (!customer) throw new AppError("unauthorized", "This account no longer exists.");
  const state = await verificationState(c.env.DB, customer.id);
  return c.json({ shopper: { ...customer, kind: "customer" as const, ...state } }, 200);
});
