import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  authenticateCustomer,
  emailKey,
  findCustomer,
  registerCustomer,
} from "../../src/auth/customers";
import { readConfig } from "../../src/config";
import { createDb } from "../../src/db/client";
import { AppError } from "../../src/errors";
import { newId } from "../../src/ids";
import {
  AuthResultSchema,
  LoginSchema,
  RegisterSchema,
  ShopperSchema,
} from "../../src/schemas/auth";
import type { AppEnv } from "../app-env";
import { issueToken, readToken, type ShopperClaims } from "../auth/tokens";
import { jsonBody, jsonContent, openApiApp, problems } from "../openapi";

const RATE_LIMIT_PERIOD_SECONDS = 60;

function tokenFor(c: Context<AppEnv>, claims: ShopperClaims) {
  return issueToken(claims, c.env.JWT_SECRET, readConfig(c.env).tokenTtlSeconds);
}

/** Login and register attempts are limited per client IP and per email. */
async function limitAttempts(c: Context<AppEnv>, email: string): Promise<void> {
  const ip = c.req.header("cf-connecting-ip") ?? "unknown";
  const [byIp, byEmail] = await Promise.all([
    c.env.AUTH_IP_LIMITER.limit({ key: `ip:${ip}` }),
    c.env.AUTH_EMAIL_LIMITER.limit({ key: `email:${emailKey(email)}` }),
  ]);
  if (!byIp.success || !byEmail.success) {
    throw new AppError("rate_limited", "Too many attempts. Try again in a minute.", undefined, {
      "retry-after": String(RATE_LIMIT_PERIOD_SECONDS),
    });
  }
}

const guestRoute = createRoute({
  method: "post",
  path: "/auth/guest",
  tags: ["Identity"],
  summary: "Start a guest session: browse, keep a cart and check out without an account",
  responses: { 201: jsonContent(AuthResultSchema, "A guest token") },
});

const registerRoute = createRoute({
  method: "post",
  path: "/auth/register",
  tags: ["Identity"],
  summary: "Create a customer account",
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
  summary: "Sign in; with `x-guest-token`, the guest's cart is merged into the customer's",
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
  summary: "Who the token belongs to",
  responses: {
    200: jsonContent(z.object({ shopper: ShopperSchema }), "The shopper"),
    ...problems(401),
  },
});

/** Moves a guest's cart into the customer's; an invalid guest token is ignored. */
async function mergeGuestCart(c: Context<AppEnv>, customerId: string): Promise<void> {
  const guestToken = c.req.header("x-guest-token");
  const guest = guestToken ? await readToken(guestToken, c.env.JWT_SECRET) : null;
  if (guest?.kind !== "guest") return;
  const { CART } = c.env;
  const guestCart = CART.get(CART.idFromName(guest.id));
  const lines = await guestCart.getLines();
  if (lines.length === 0) return;
  await CART.get(CART.idFromName(customerId)).mergeLines(lines);
  await guestCart.clear();
}

export const authRoutes = openApiApp()
  .openapi(guestRoute, async (c) => {
    const shopper = { id: newId("gst"), kind: "guest" as const };
    return c.json({ token: await tokenFor(c, shopper), shopper }, 201);
  })
  .openapi(registerRoute, async (c) => {
    const input = c.req.valid("json");
    await limitAttempts(c, input.email);
    const customer = await registerCustomer(createDb(c.env.DB), input);
    const token = await tokenFor(c, { id: customer.id, kind: "customer" });
    return c.json({ token, shopper: { ...customer, kind: "customer" as const } }, 201);
  })
  .openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid("json");
    await limitAttempts(c, email);
    const customer = await authenticateCustomer(createDb(c.env.DB), email, password);
    if (!customer) throw new AppError("unauthorized", "The email or password is wrong.");
    await mergeGuestCart(c, customer.id);
    const token = await tokenFor(c, { id: customer.id, kind: "customer" });
    return c.json({ token, shopper: { ...customer, kind: "customer" as const } }, 200);
  });

/** Mounted behind `shopperAuth`. */
export const meRoutes = openApiApp().openapi(meRoute, async (c) => {
  const claims = c.get("shopper");
  if (claims.kind === "guest") return c.json({ shopper: claims }, 200);
  const customer = await findCustomer(createDb(c.env.DB), claims.id);
  if (!customer) throw new AppError("unauthorized", "This account no longer exists.");
  return c.json({ shopper: { ...customer, kind: "customer" as const } }, 200);
});
