import { logEvent } from "../log";
import { recordEvent } from "../orders/repo";
import { recordProviderRefunds } from "../refunds/provider-refunds";

/** The part of a Stripe event this shop reads. */
export interface StripeEvent {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

export interface StripeEventDeps {
  db: D1Database;
  /** Drives what is left of the order's checkout now, in the shopper's cart object. */
  repair(orderId: string, shopperId: string): Promise<unknown>;
  /** Cancels a paid order in its shopper's cart object: claim, refund what is left, restock. */
  cancel(orderId: string, shopperId: string): Promise<unknown>;
}

interface OrderRef {
  id: string;
  shopper_id: string;
  status: string;
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/**
 * The order an event is about: a PaymentIntent names it in its metadata (set at authorization);
 * a charge, a refund or a dispute through its PaymentIntent, which is the order's payment id.
 */
async function orderOf(db: D1Database, event: StripeEvent): Promise<OrderRef | null> {
  const object = event.data.object;
  const metadata = object.metadata as Record<string, unknown> | undefined;
  const byMetadata = text(metadata?.order_id);
  const intent = event.type.startsWith("payment_intent.")
    ? text(object.id)
    : text(object.payment_intent);
  if (!byMetadata && !intent) return null;
  return db
    .prepare("SELECT id, shopper_id, status FROM orders WHERE id = ?1 OR payment_id = ?2 LIMIT 1")
    .bind(byMetadata, intent)
    .first<OrderRef>();
}

/** What a charge says of its refunds; the shop's own carry its key in `metadata.shop_refund`. */
function refundReport(charge: Record<string, unknown>) {
  const list = (charge.refunds as { data?: unknown } | undefined)?.data;
  return {
    amountRefunded: typeof charge.amount_refunded === "number" ? charge.amount_refunded : 0,
    refunds: Array.isArray(list)
      ? list
          .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null)
          // A refund that failed or was cancelled gave nothing back.
          .filter((r) => r.status === undefined || r.status === "succeeded")
          .map((r) => ({
            id: String(r.id),
            amount: typeof r.amount === "number" ? r.amount : 0,
            ours: Boolean(text((r.metadata as Record<string, unknown> | undefined)?.shop_refund)),
          }))
      : null,
  };
}

/**
 * Applies one event and says what it did. Every effect is idempotent (the checkout's own steps,
 * events recorded once per order), so a redelivery that races the first changes nothing either.
 * - `payment_intent.amount_capturable_updated` (the shopper passed 3-D Secure and the money is
 *   held), `payment_intent.succeeded`, `payment_intent.payment_failed`: an order still
 *   `pending_payment` has a checkout that waits for the shopper or that stopped; its cart object
 *   drives it on now (to `paid` once the money is held, back if the bank refused), instead of
 *   when the shopper comes back or at its next alarm.
 * - `charge.refunded`: refunds made in Stripe's dashboard go into the order's ledger, each told
 *   to the shopper with its true amount; the shop's own refunds are there already. A paid order
 *   not yet shipped whose card payment is then refunded in full is cancelled (not shipped,
 *   restocked): see `src/refunds/provider-refunds.ts`.
 * - `charge.dispute.created`: the order gets a `disputed` event per dispute, with its id and reason,
 *   and ops get a warning in the logs.
 */
async function applyStripeEvent(deps: StripeEventDeps, event: StripeEvent) {
  const order = await orderOf(deps.db, event);
  if (!order) return { orderId: null, outcome: "no order" };
  const object = event.data.object;
  switch (event.type) {
    case "payment_intent.amount_capturable_updated":
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed": {
      if (order.status !== "pending_payment") return { orderId: order.id, outcome: order.status };
      return {
        orderId: order.id,
        outcome: `settled: ${await deps.repair(order.id, order.shopper_id)}`,
      };
    }
    case "charge.refunded":
      return {
        orderId: order.id,
        outcome: await recordProviderRefunds(deps, order.id, refundReport(object)),
      };
    case "charge.dispute.created":
      await recordEvent(deps.db, order.id, {
        type: "disputed",
        data: { disputeId: text(object.id), reason: text(object.reason) },
        // A payment can be disputed more than once: each dispute is recorded once.
        once: `disputed:${text(object.id)}`,
      });
      logEvent("payment_disputed", { order: order.id, dispute: text(object.id) }, "warn");
      return { orderId: order.id, outcome: "disputed" };
    default:
      return { orderId: order.id, outcome: "ignored" };
  }
}

/**
 * Receives one Stripe event: each event id is applied once. The event is recorded only once it
 * was applied, so a delivery that failed half way is applied again when Stripe retries.
 */
export async function receiveStripeEvent(
  deps: StripeEventDeps,
  event: StripeEvent,
): Promise<{ duplicate: boolean; outcome: string }> {
  const seen = await deps.db
    .prepare("SELECT outcome FROM stripe_events WHERE id = ?")
    .bind(event.id)
    .first<{ outcome: string }>();
  if (seen) return { duplicate: true, outcome: seen.outcome };
  const { orderId, outcome } = await applyStripeEvent(deps, event);
  await deps.db
    .prepare(
      "INSERT INTO stripe_events (id, type, order_id, outcome) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(event.id, event.type, orderId, outcome)
    .run();
  return { duplicate: false, outcome };
}
