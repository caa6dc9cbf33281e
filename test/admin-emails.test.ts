import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { drainOutbox } from "../src/emails/drain";
import { markForResend } from "../src/emails/outbox";
import { callAndWait, drainDeps, emailOf, paidOrder, recordingProvider } from "./email-helpers";
import { ADMIN_TOKEN, adminCall, browser, problemOf } from "./helpers";

const resendPath = (orderId: string, kind = "order_confirmed") =>
  `/api/v1/admin/orders/${orderId}/emails/${kind}/resend`;

/** A paid order whose confirmation failed for good: what ops must see and act on. */
async function failedConfirmation() {
  const { order } = await paidOrder();
  await markForResend(env.DB, order.id, "order_confirmed");
  const { provider } = recordingProvider(() => ({
    ok: false,
    error: "resend answered 422: Invalid `to` field.",
    permanent: true,
  }));
  await drainOutbox(drainDeps(provider), { orderId: order.id });
  return order.id;
}

describe("admin emails API", () => {
  it("lists an order's emails with status, attempts and the last error", async () => {
    const orderId = await failedConfirmation();
    const res = await adminCall("GET", `/api/v1/admin/orders/${orderId}/emails`);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Record<string, unknown>[] };
    expect(items).toEqual([
      expect.objectContaining({
        orderId,
        kind: "order_confirmed",
        recipient: "ada@example.com",
        subject: expect.stringMatching(/^Order #\d+ confirmed$/),
        status: "failed",
        attempts: 1,
        lastError: "resend answered 422: Invalid `to` field.",
        nextAttemptAt: null,
      }),
    ]);
    expect((await adminCall("GET", "/api/v1/admin/orders/ord_nope/emails")).status).toBe(404);
  });

  it("resends an email now, under a new idempotency key, and answers how it went", async () => {
    const orderId = await failedConfirmation();
    const res = await callAndWait("POST", resendPath(orderId), { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      orderId,
      kind: "order_confirmed",
      status: "sent",
      attempts: 1,
      lastError: null,
    });
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({
      resends: 2,
      provider_message_id: `local/order_confirmed/${orderId}/2`,
    });
  });

  it("is for admins only, and answers bad input with a problem", async () => {
    const { order, token } = await paidOrder();
    expect((await callAndWait("POST", resendPath(order.id))).status).toBe(401);
    const shopper = await callAndWait("POST", resendPath(order.id), { token });
    expect((await problemOf(shopper)).code).toBe("forbidden");
    const badKind = await adminCall("POST", resendPath(order.id, "welcome"));
    expect((await problemOf(badKind)).code).toBe("validation_failed");
    // Not shipped yet: there is no shipped email to send again.
    const notYet = await adminCall("POST", resendPath(order.id, "order_shipped"));
    expect((await problemOf(notYet)).code).toBe("not_found");
    expect((await adminCall("POST", resendPath("ord_nope"))).status).toBe(404);
  });

  it("refuses to resend an email while a drain is sending it", async () => {
    const { order } = await paidOrder();
    await env.DB.prepare("UPDATE outbox SET status = 'sending', lease_until = ? WHERE order_id = ?")
      .bind(new Date(Date.now() + 60_000).toISOString(), order.id)
      .run();
    const res = await adminCall("POST", resendPath(order.id));
    expect((await problemOf(res)).code).toBe("conflict");
  });
});

describe("the dashboard's emails", () => {
  it("lists the outbox with each status, shows a message, and resends from a form", async () => {
    const orderId = await failedConfirmation();
    const { order: sentOrder } = await paidOrder();
    const b = browser();
    await b.post("/admin/login", { token: ADMIN_TOKEN });

    const dashboard = await (await b.get("/admin")).text();
    const section = dashboard.slice(dashboard.indexOf('id="emails"'));
    const rowOf = (id: string) => section.slice(section.indexOf(id)).split("</tr>")[0] ?? "";
    expect(rowOf(orderId)).toContain("status-failed");
    expect(rowOf(orderId)).toContain("Invalid `to` field.");
    expect(rowOf(sentOrder.id)).toContain("status-sent");
    // Failed emails come first.
    expect(section.indexOf(orderId)).toBeLessThan(section.indexOf(sentOrder.id));

    const view = await b.get(`/admin/orders/${orderId}/emails/order_confirmed`);
    expect(view.status).toBe(200);
    const page = await view.text();
    expect(page).toMatch(/Order #\d+ confirmed/);
    expect(page).toContain("ada@example.com");
    const html = await b.get(`/admin/orders/${orderId}/emails/order_confirmed/html`);
    expect(await html.text()).toContain("<h1");

    // A form from another site is refused (CSRF), and so is one without the admin session.
    const action = `/admin/orders/${orderId}/emails/order_confirmed/resend`;
    expect((await b.post(action, {}, "https://evil.test")).status).toBe(403);
    const anonymous = browser();
    expect((await anonymous.post(action, {})).headers.get("location")).toBe("/admin");
    expect((await anonymous.get(`/admin/orders/${orderId}/emails/order_confirmed`)).status).toBe(
      303,
    );
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({ status: "failed" });

    const resent = await b.post(action, {});
    expect(resent.status).toBe(303);
    expect(decodeURIComponent(resent.headers.get("location") ?? "")).toContain(
      `order_confirmed of ${orderId}: sent.`,
    );
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({ status: "sent" });
  });

  it("answers 404 for an email that does not exist", async () => {
    const b = browser();
    await b.post("/admin/login", { token: ADMIN_TOKEN });
    expect((await b.get("/admin/orders/ord_nope/emails/order_confirmed")).status).toBe(404);
    expect((await b.get("/admin/orders/ord_nope/emails/welcome")).status).toBe(404);
    expect((await b.post("/admin/orders/ord_nope/emails/order_confirmed/resend", {})).status).toBe(
      404,
    );
  });
});
