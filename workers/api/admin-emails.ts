import { createRoute, z } from "@hono/zod-openapi";
import { emailProvider } from "../../src/emails/index";
import { emailsOfOrder, findEmail, markForResend } from "../../src/emails/outbox";
import { notFound } from "../../src/errors";
import { EmailKindSchema, EmailSchema } from "../../src/schemas/emails";
import { deliverOrderEmails } from "../emails/deliver";
import { jsonContent, openApiApp, problem, problems } from "../openapi";

const security = [{ adminToken: [] }];
const orderId = z.string().min(1).max(100);

const listRoute = createRoute({
  method: "get",
  path: "/orders/{id}/emails",
  tags: ["Admin"],
  security,
  summary: "The order's emails (confirmation, shipped, cancelled) and how their sending went",
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
  summary: "Send one of the order's emails again, now (the same message, attempts counted afresh)",
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

export const adminEmailRoutes = openApiApp()
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
