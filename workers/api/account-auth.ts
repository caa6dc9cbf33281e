import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as z from "zod";
import { emailKey, findCustomer } from "../../src/auth/customers";
import {
  confirmVerification,
  requestVerification,
  verificationState,
} from "../../src/auth/email-verification";
import { confirmPasswordReset, requestPasswordReset } from "../../src/auth/password-reset";
import { endCustomerSessions, endSession } from "../../src/auth/sessions";
import { createDb } from "../../src/db/client";
import { AppError } from "../../src/errors";
import { logEvent } from "../../src/log";
import {
  AuthResultSchema,
  ChangeEmailSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
  ShopperSchema,
  VerifyEmailSchema,
} from "../../src/schemas/auth";
import type { AppEnv } from "../app-env";
import { limitByAddress, signInCustomer, tokenFor } from "../auth/session";
import { deliverEmailsSoon } from "../emails/deliver";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const resetRoute = createRoute({
  method: "post",
  path: "/auth/password-reset",
  tags: ["Identity"],
  request: { body: jsonBody(PasswordResetRequestSchema) },
  responses: {
    202: jsonContent(z.object({ message: z.string() }), "Accepted"),
    ...problems(400, 429),
  },
});

const confirmRoute = createRoute({
  method: "post",
  path: "/auth/password-reset/confirm",
  tags: ["Identity"],
  request: { body: jsonBody(PasswordResetConfirmSchema) },
  responses: {
    200: jsonContent(AuthResultSchema, "The customer and a new token"),
    400: problem(
      "`token_invalid`: the token was used already, expired, or was never issued; `validation_failed`",
    ),
    ...problems(429),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Identity"],
  security: [{ shopperToken: [] }],
  responses: { 204: { description: "Ended" }, ...problems(401) },
});

const everywhereRoute = createRoute({
  method: "post",
  path: "/auth/logout-everywhere",
  tags: ["Identity"],
  security: [{ shopperToken: [] }],
  responses: {
    204: { description: "Ended" },
    ...problems(401),
    403: problem("`forbidden`: a guest has only this session (use /auth/logout)"),
  },
});

const verifyRoute = createRoute({
  method: "post",
  path: "/auth/verify-email",
  tags: ["Identity"],
  request: { body: jsonBody(VerifyEmailSchema) },
  responses: {
    200: jsonContent(z.object({ shopper: ShopperSchema }), "The customer as they now are"),
    400: problem("`token_invalid`: used already, expired, or never issued"),
    409: problem("`conflict`: another account has taken this address meanwhile"),
    ...problems(429),
  },
});

const resendRoute = createRoute({
  method: "post",
  path: "/me/email-verification",
  tags: ["Identity"],
  security: [{ shopperToken: [] }],
  responses: {
    202: jsonContent(z.object({ sent: z.boolean() }), "`sent` false past the hourly limit"),
    ...problems(401),
    403: problem("`forbidden`: a guest has no email to verify"),
  },
});

const changeEmailRoute = createRoute({
  method: "post",
  path: "/me/email",
  tags: ["Identity"],
  security: [{ shopperToken: [] }],
  request: { body: jsonBody(ChangeEmailSchema) },
  responses: {
    202: jsonContent(z.object({ sent: z.boolean() }), "The link is on its way to the new address"),
    ...problems(400, 401),
    403: problem("`forbidden`: the password is wrong, or a guest has no account"),
    409: problem("`conflict`: another account has this email"),
  },
});

/** Sends the link that verifies a customer's address (their own, or one to change to). */
export function verifyAddress(c: Context<AppEnv>, customer: { id: string; email: string }) {
  const sent = requestVerification(
    c.env.DB,
    c.env.JWT_SECRET,
    customer.id,
    customer.email,
    new URL(c.req.url).origin,
  );
  deliverEmailsSoon(c);
  return sent;
}

/** Asks for a reset of `email`'s password and sends its email soon (see `requestPasswordReset`). */
export async function askPasswordReset(c: Context<AppEnv>, email: string) {
  await requestPasswordReset(c.env.DB, c.env.JWT_SECRET, email, new URL(c.req.url).origin);
  deliverEmailsSoon(c);
}

/**
 * How long after the answer the reset starts. Started at once, its D1 work (in workerd's own
 * thread locally) held the answer's last bytes back ~3 ms longer for a known email than for an
 * unknown one; 50 ms later, the two answer alike (the bench's "login / reset" row).
 */
const RESET_AFTER_MS = 50;

/**
 * Asks for a reset of `email`'s password once the answer is sent: for a known email D1 writes the
 * reset and its email, for an unknown one nothing, and the first takes longer. A failure is
 * logged; the shopper can ask again.
 */
export function resetAfterAnswer(c: Context<AppEnv>, email: string) {
  c.executionCtx.waitUntil(
    scheduler
      .wait(RESET_AFTER_MS)
      .then(() => askPasswordReset(c, email))
      .catch((err: unknown) => logEvent("password_reset_failed", { error: String(err) }, "error")),
  );
}

/** Password resets and email verification: public routes. */
export const passwordResetRoutes = openApiApp()
  .openapi(resetRoute, async (c) => {
    await limitByAddress(c);
    resetAfterAnswer(c, c.req.valid("json").email);
    return c.json(
      { message: "If an account has this email, a link to set a new password is on its way." },
      202,
    );
  })
  .openapi(confirmRoute, async (c) => {
    await limitByAddress(c);
    const { token, password } = c.req.valid("json");
    const customer = await confirmPasswordReset(c.env.DB, token, password);
    const shopper = { id: customer.id, email: customer.email, name: customer.name };
    const session = await tokenFor(c, {
      id: customer.id,
      kind: "customer",
      ver: customer.sessionVersion,
    });
    return c.json({ token: session, shopper: { ...shopper, kind: "customer" as const } }, 200);
  })
  .openapi(verifyRoute, async (c) => {
    await limitByAddress(c);
    const customer = await confirmVerification(c.env.DB, c.req.valid("json").token);
    const state = await verificationState(c.env.DB, customer.id);
    return c.json({ shopper: { ...customer, kind: "customer" as const, ...state } }, 200);
  });

/** Ending sessions and the account's email: mounted behind `shopperAuth`. */
export const sessionRoutes = openApiApp()
  .openapi(resendRoute, async (c) => {
    const customer = await signedInCustomer(c);
    return c.json({ sent: await verifyAddress(c, customer) }, 202);
  })
  .openapi(changeEmailRoute, async (c) => {
    const customer = await signedInCustomer(c);
    const { email, password } = c.req.valid("json");
    if (!(await signInCustomer(c, customer.email, password))) {
      throw new AppError("forbidden", "The password is wrong.");
    }
    const taken = await c.env.DB.prepare("SELECT 1 FROM customers WHERE email_key = ? AND id <> ?")
      .bind(emailKey(email), customer.id)
      .first();
    if (taken) throw new AppError("conflict", "Another account has this email.");
    return c.json({ sent: await verifyAddress(c, { id: customer.id, email }) }, 202);
  })
  .openapi(logoutRoute, async (c) => {
    await endSession(c.env.DB, c.get("shopper"));
    return c.body(null, 204);
  })
  .openapi(everywhereRoute, async (c) => {
    const shopper = c.get("shopper");
    if (shopper.kind !== "customer") {
      throw new AppError("forbidden", "A guest has only this session: use /auth/logout.");
    }
    await endCustomerSessions(c.env.DB, shopper.id).run();
    return c.body(null, 204);
  });

async function signedInCustomer(c: Context<AppEnv>) {
  const shopper = c.get("shopper");
  const customer =
    shopper.kind === "customer" ? await findCustomer(createDb(c.env.DB), shopper.id) : null;
  if (!customer) throw new AppError("forbidden", "A guest has no account email.");
  return customer;
}
