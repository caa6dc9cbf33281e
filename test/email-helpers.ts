import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { DrainDeps } from "../src/emails/drain";
import type { EmailProvider, OutgoingEmail, SendResult } from "../src/emails/provider";
import { renderAccountEmail } from "../workers/emails/account-email";
import { renderOrderEmail } from "../workers/emails/order-email";
import worker from "../workers/index";
import { addToCart, checkoutBody, type OrderBody } from "./checkout-helpers";
import { type CallOptions, createProduct, guest, ORIGIN, unique } from "./helpers";
import { deliverFulfillment } from "./process-harness";

/**
 * Calls the Worker like `call`, then waits for what it left running (the immediate email
 * delivery after a checkout or a cancel), so a test sees its emails sent, not in flight.
 */
export async function callAndWait(method: string, path: string, options: CallOptions = {}) {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${ORIGIN}${path}`, { method, headers, body, redirect: "manual" }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** A guest's paid order of one line, its confirmation email already delivered. */
export async function paidOrder(opts: { title?: string; name?: string; quantity?: number } = {}) {
  const shopper = await guest();
  const sku = unique("SKU");
  const { input } = await createProduct({
    ...(opts.title ? { title: opts.title } : {}),
    variants: [{ sku, title: "Large", price: { amount: 1250, currency: "USD" }, stock: 10 }],
  });
  await addToCart(shopper.token, sku, opts.quantity ?? 2);
  const body = checkoutBody();
  if (opts.name) body.shippingAddress = { ...body.shippingAddress, name: opts.name };
  const res = await callAndWait("POST", "/api/v1/checkout", {
    token: shopper.token,
    body,
    headers: { "idempotency-key": crypto.randomUUID() },
  });
  expect(res.status).toBe(201);
  return { ...shopper, product: input, order: (await res.json()) as OrderBody };
}

export const shipOrder = (orderId: string) => deliverFulfillment(orderId);

export const cancelOrder = (orderId: string, token: string) =>
  callAndWait("POST", `/api/v1/orders/${orderId}/cancel`, { token });

export interface OutboxRow {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  subject: string | null;
  body: string | null;
  html: string | null;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  provider: string | null;
  provider_message_id: string | null;
  resends: number;
}

export async function outboxOf(orderId: string): Promise<OutboxRow[]> {
  const { results } = await env.DB.prepare("SELECT * FROM outbox WHERE order_id = ? ORDER BY id")
    .bind(orderId)
    .all<OutboxRow>();
  return results;
}

export async function emailOf(orderId: string, kind: string): Promise<OutboxRow> {
  const row = (await outboxOf(orderId)).find((r) => r.kind === kind);
  if (!row) throw new Error(`no ${kind} email for ${orderId}`);
  return row;
}

/**
 * A provider that records what it was asked to send and answers `reply` (default: accepted);
 * one that dedupes by idempotency key, unless `idempotent` is false.
 */
export function recordingProvider(
  reply: (email: OutgoingEmail) => Promise<SendResult> | SendResult = () => ({
    ok: true,
    messageId: "m-1",
  }),
  { idempotent = true } = {},
) {
  const sent: OutgoingEmail[] = [];
  const provider: EmailProvider = {
    name: idempotent ? "resend" : "cloudflare",
    idempotent,
    async send(email) {
      sent.push(email);
      return reply(email);
    },
  };
  return { sent, provider };
}

/** The drain's dependencies as the Worker wires them, with a test's provider and clock. */
export function drainDeps(provider: EmailProvider, overrides: Partial<DrainDeps> = {}): DrainDeps {
  return {
    db: env.DB,
    provider,
    render: (kind, order) => renderOrderEmail(kind, order, { storeName: "Test Shop" }),
    renderAccount: (kind, ref) =>
      renderAccountEmail(env.DB, env.JWT_SECRET, "Test Shop", kind, ref),
    from: { name: "Test Shop", address: "orders@shop.test" },
    maxAttempts: 4,
    ...overrides,
  };
}
