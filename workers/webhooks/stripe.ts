import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { readConfig } from "../../src/config";
import { AppError, notFound } from "../../src/errors";
import { receiveStripeEvent, type StripeEvent } from "../../src/payments/stripe-events";
import { verifySignature } from "../../src/signature";
import { stripeEventDeps } from "../deps";
import { jsonContent, openApiApp, problem } from "../openapi";

const WebhookAnswerSchema = z
  .object({ received: z.literal(true), duplicate: z.boolean(), outcome: z.string() })
  .meta({ id: "WebhookAnswer" });

const stripeWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks/stripe",
  tags: ["Webhooks"],
  responses: {
    200: jsonContent(WebhookAnswerSchema, "Received (`duplicate`: the event was applied before)"),
    400: problem("`invalid_signature`: missing, wrong or older than 5 minutes; nothing changed"),
    404: problem("`not_found`: webhooks are off (no STRIPE_WEBHOOK_SECRET)"),
  },
});

const invalid = () =>
  new AppError("invalid_signature", "The Stripe-Signature header does not sign this body.");

function parseEvent(body: string): StripeEvent {
  try {
    const event = JSON.parse(body) as Partial<StripeEvent>;
    if (typeof event.id === "string" && typeof event.type === "string" && event.data?.object) {
      return event as StripeEvent;
    }
  } catch {}
  throw new AppError("validation_failed", "The body is not a Stripe event.");
}

export const webhookRoutes = openApiApp().openapi(stripeWebhookRoute, async (c) => {
  const secret = readConfig(c.env).stripe.webhookSecret;
  if (!secret) throw notFound("Webhook");
  const body = await c.req.text();
  if (!(await verifySignature(secret, c.req.header("stripe-signature"), body))) {
    throw invalid();
  }
  const event = parseEvent(body);
  const { duplicate, outcome } = await receiveStripeEvent(stripeEventDeps(c.env), event);
  return c.json({ received: true as const, duplicate, outcome }, 200);
});
