import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deliverEmails } from "../workers/emails/deliver";
import worker from "../workers/index";
import { addToCart, checkoutBody, checkoutForm, stockedSku, stockOf } from "./checkout-helpers";
import { outboxOf } from "./email-helpers";
import { ADMIN_TOKEN, guest, ORIGIN, unique } from "./helpers";
import { ordersOf } from "./process-harness";

/** The Worker's bindings as a production deployment sees them, with `vars` over them. */
const production = (vars: Record<string, string | undefined> = {}) =>
  ({ ...env, DEPLOYMENT: "production", ...vars }) as unknown as Env;

async function send(target: Env, path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${ORIGIN}${path}`, { ...init, headers }),
    target,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

function errorLines() {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(console, "error").mockImplementation((line: unknown) => {
    lines.push(JSON.parse(String(line)));
  });
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe("a production deployment fails closed", () => {
  for (const provider of ["test", undefined]) {
    it(`refuses checkouts with PAYMENT_PROVIDER ${provider ?? "unset"}: 503, nothing held or charged`, async () => {
      const shopper = await guest();
      const item = await stockedSku(5);
      await addToCart(shopper.token, item.sku, 2);
      const logs = errorLines();
      const res = await send(production({ PAYMENT_PROVIDER: provider }), "/api/v1/checkout", {
        method: "POST",
        token: shopper.token,
        headers: { "content-type": "application/json", "idempotency-key": unique("key") },
        body: JSON.stringify(checkoutBody()),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { code: string }).code).toBe("not_configured");
      expect(logs).toContainEqual(
        expect.objectContaining({ event: "config_refused", setting: "PAYMENT_PROVIDER" }),
      );
      expect(await ordersOf(shopper.shopper.id)).toEqual([]);
      expect(await stockOf(item.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    });
  }

  it("refuses the web checkout the same way, saying so on the page", async () => {
    const shopper = await guest();
    const item = await stockedSku(5);
    await addToCart(shopper.token, item.sku, 1);
    errorLines();
    const res = await send(production(), "/checkout", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: ORIGIN,
        cookie: `__Host-session=${shopper.token}`,
      },
      body: new URLSearchParams({
        ...checkoutForm,
        "payment.token": "tok_visa",
        idempotencyKey: unique("web-key"),
      }).toString(),
    });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("not set up to take payments");
    expect(await ordersOf(shopper.shopper.id)).toEqual([]);
  });

  it("never reports a local email sent: the emails stay queued, a resend is a 503", async () => {
    const shopper = await guest();
    const item = await stockedSku(5);
    await addToCart(shopper.token, item.sku, 1);
    // Paid where the Worker runs locally: its confirmation goes out at once through `local`.
    const paid = await send(env, "/api/v1/checkout", {
      method: "POST",
      token: shopper.token,
      headers: { "content-type": "application/json", "idempotency-key": unique("key") },
      body: JSON.stringify(checkoutBody()),
    });
    expect(paid.status).toBe(201);
    const orderId = ((await paid.json()) as { id: string }).id;
    const logs = errorLines();
    // Queued again, as if production had just queued it.
    await env.DB.prepare("UPDATE outbox SET status = 'pending', sent_at = NULL WHERE order_id = ?")
      .bind(orderId)
      .run();
    await expect(deliverEmails(production({ EMAIL_PROVIDER: "local" }))).rejects.toThrow(
      /EMAIL_PROVIDER/,
    );
    expect((await outboxOf(orderId)).map((r) => r.status)).toEqual(["pending"]);
    expect(logs).toContainEqual(
      expect.objectContaining({ event: "config_refused", setting: "EMAIL_PROVIDER" }),
    );
    const resend = await send(
      production({ EMAIL_PROVIDER: undefined }),
      `/api/v1/admin/orders/${orderId}/emails/order_confirmed/resend`,
      { method: "POST", token: ADMIN_TOKEN },
    );
    expect(resend.status).toBe(503);
    expect((await outboxOf(orderId)).map((r) => r.status)).toEqual(["pending"]);
  });
});
