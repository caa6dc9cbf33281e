import { createRoute, z } from "@hono/zod-openapi";
import { readConfig } from "../../src/config";
import { AppError, notFound } from "../../src/errors";
import { applyStripeEvent, type StripeEvent } from "../../src/payments/stripe-events";
import { verifyStripeSignature } from "../../src/payments/stripe-signature";
import { cartStubFor } from "../carts";
import { jsonContent, openApiApp, problem } from "../openapi";

const WebhookAnswerSchema = z
  .object({ received: z.literal(true), duplicate: z.boolean(), outcome: z.string() })
  .meta({ id: "WebhookAnswer" });

const stripeWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks/stripe",
  tags: ["Webhooks"],
  summary: "Stripe's events, signed with the endpoint's secret (STRIPE_WEBHOOK_SECRET)",
  description:
    "The raw Stripe event, with its `Stripe-Signature` header. Each event id is applied once: `payment_intent.succeeded` and `payment_intent.payment_failed` drive an interrupted checkout to its end now, `charge.refunded` and `charge.dispute.created` add `refunded` and `disputed` events to the order. 404 when no webhook secret is set.",
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
  if (!(await verifyStripeSignature(secret, c.req.header("stripe-signature"), body))) {
    throw invalid();
  }
  const event = parseEvent(body);
  const db = c.env.DB;
  const seen = await db
    .prepare("SELECT outcome FROM stripe_events WHERE id = ?")
    .bind(event.id)
    .first<{ outcome: string }>();
  if (seen) return c.json({ received: true as const, duplicate: true, outcome: seen.outcome }, 200);
  const { orderId, outcome } = await applyStripeEvent(
    {
      db,
      repair: (order, shopperId) => cartStubFor(c.env, shopperId).repairOrder(order),
    },
    event,
  );
  // Recorded once applied: a delivery that failed half way is applied again when Stripe retries.
  await db
    .prepare(
      "INSERT INTO stripe_events (id, type, order_id, outcome) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(event.id, event.type, orderId, outcome)
    .run();
  return c.json({ received: true as const, duplicate: false, outcome }, 200);
});
