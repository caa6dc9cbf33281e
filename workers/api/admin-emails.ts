import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { chosenProvider, readConfig } from "../../src/config";
import { decodeCursor, encodeCursor } from "../../src/cursor";
import type { AccountEmailKind } from "../../src/db/schema";
import { emailProvider } from "../../src/emails/index";
import { emailsOfOrder, findEmail, markForResend } from "../../src/emails/outbox";
import { emailsTo } from "../../src/emails/sent-list";
import { notFound } from "../../src/errors";
import { EmailKindSchema, EmailSchema, SentEmailSchema } from "../../src/schemas/emails";
import { emailDrainDeps } from "../deps";
import { deliverOrderEmails } from "../emails/deliver";
import { jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const orderId = z.string().min(1).max(100);

const listRoute = createRoute({
  method: "get",
  path: "/orders/{id}/emails",
  tags: ["Admin"],
  security,
  request: { params: z.object({ id: orderId }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(EmailSchema) }), "The order's emails"),
    ...problems(401, 403, 404),
  },
});

const resendRoute = createRoute({
  method: "post",
  path: "/orders/{id}/emails/{kind}/resend",
  tags: ["Admin"],
  security,
  request: { params: z.object({ id: orderId, kind: EmailKindSchema }) },
  responses: {
    200: jsonContent(
      EmailSchema,
      "The email after this attempt: `sent`, or `pending` with its error",
    ),
    ...problems(400, 401, 403),
    404: problem("`not_found`: no such order, or it has no email of this kind (yet)"),
    409: problem("`conflict`: a drain is sending this email right now"),
    503: problem("`not_configured`: in production, EMAIL_PROVIDER is unset or `local`"),
  },
});

const EmailsCursor = z.object({ before: z.number().int() });

const sentRoute = createRoute({
  method: "get",
  path: "/emails",
  tags: ["Admin"],
  security,
  request: {
    query: z.object({
      to: z.string().trim().min(1).max(254),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(SentEmailSchema), nextCursor: z.string().nullable() }),
      "The page",
    ),
    ...problems(400, 401, 403),
  },
});

export const adminEmailRoutes = openApiApp()
  .openapi(sentRoute, async (c) => {
    const { to, limit, cursor } = c.req.valid("query");
    const before = cursor ? decodeCursor(cursor, EmailsCursor).before : null;
    const page = await emailsTo(c.env.DB, to, limit, before);
    const config = readConfig(c.env);
    const local =
      config.deployment !== "production" && chosenProvider(config, "emailProvider") === "local";
    const items = await Promise.all(
      page.items.map(async ({ ref, ...email }) => {
        if (!local || email.orderId !== null) return email;
        const fresh = await emailDrainDeps(c.env).renderAccount(
          email.kind as AccountEmailKind,
          ref,
        );
        return fresh ? { ...email, subject: fresh.subject, text: fresh.text } : email;
      }),
    );
    const nextCursor = page.nextBefore === null ? null : encodeCursor({ before: page.nextBefore });
    return c.json({ items, nextCursor }, 200);
  })
  .openapi(listRoute, async (c) => {
    const items = await emailsOfOrder(c.env.DB, c.req.valid("param").id);
    if (!items) throw notFound("Order");
    return c.json({ items }, 200);
  })
  .openapi(resendRoute, async (c) => {
    const { id, kind } = c.req.valid("param");
    // A provider refused here (production without a real one) is a 503 before anything changes.
    emailProvider(c.env);
    await markForResend(c.env.DB, id, kind);
    await deliverOrderEmails(c.env, id);
    const email = await findEmail(c.env.DB, id, kind);
    if (!email) throw notFound("Email");
    const { text: _text, html: _html, ...summary } = email;
    return c.json(summary, 200);
  });
