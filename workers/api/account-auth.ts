import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { confirmPasswordReset, requestPasswordReset } from "../../src/auth/password-reset";
import { endCustomerSessions, endSession } from "../../src/auth/sessions";
import { AppError } from "../../src/errors";
import {
  AuthResultSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
} from "../../src/schemas/auth";
import { limitByAddress, tokenFor } from "../auth/session";
import { deliverEmailsSoon } from "../emails/deliver";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";

const resetRoute = createRoute({
  method: "post",
  path: "/auth/password-reset",
  tags: ["Identity"],
  summary:
    "Ask for a link to set a new password; the same answer whether or not the email has an account",
  description:
    "A customer with this email gets an email with a link (`…/password-reset/confirm?token=<token>`) that works once, for an hour; at most 3 such emails an hour per address. Any email, known or not, answers the same 202 in the same time, so the answer never tells whether an account exists.",
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
  summary: "Set a new password with a reset link's token; every other session of the customer ends",
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
  summary: "End this token's session: the token is refused from now on, wherever it was copied",
  responses: { 204: { description: "Ended" }, ...problems(401) },
});

const everywhereRoute = createRoute({
  method: "post",
  path: "/auth/logout-everywhere",
  tags: ["Identity"],
  security: [{ shopperToken: [] }],
  summary: "End every session of this customer, this one included",
  responses: {
    204: { description: "Ended" },
    ...problems(401),
    403: problem("`forbidden`: a guest has only this session (use /auth/logout)"),
  },
});

/** Password resets: public routes. */
export const passwordResetRoutes = openApiApp()
  .openapi(resetRoute, async (c) => {
    await limitByAddress(c);
    const { email } = c.req.valid("json");
    await requestPasswordReset(c.env.DB, c.env.JWT_SECRET, email, new URL(c.req.url).origin);
    deliverEmailsSoon(c);
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
  });

/** Ending sessions: mounted behind `shopperAuth`. */
export const sessionRoutes = openApiApp()
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
