import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type DrainReport, drainOutbox, LEASE_MS } from "../src/emails/drain";
import { markForResend } from "../src/emails/outbox";
import { RESEND_URL, resendEmailProvider } from "../src/emails/resend-provider";
import {
  drainDeps,
  emailOf,
  outboxOf,
  paidOrder,
  recordingProvider,
  shipOrder,
} from "./email-helpers";

/** A paid order whose confirmation waits to be sent (again): the drains below own it. */
async function pendingConfirmation() {
  const { order } = await paidOrder();
  await markForResend(env.DB, order.id, "order_confirmed");
  return order.id;
}

const SECOND = 1000;

/** A shipped order whose two emails (confirmed, shipped) both wait to be sent again. */
async function twoPendingEmails() {
  const { order } = await paidOrder();
  await shipOrder(order.id);
  for (const kind of ["order_confirmed", "order_shipped"] as const) {
    await markForResend(env.DB, order.id, kind);
  }
  return order.id;
}

const isOutcome = (sql: string) =>
  sql.includes("status = 'sent'") || sql.includes("next_attempt_at = ?2");

/**
 * D1 as a drain sees it when it dies at its `n`th outcome write (1-based), whether that write is
 * a statement of its own or a batch of them: nothing of it reaches D1.
 */
function dyingAtOutcome(n: number): D1Database {
  let writes = 0;
  const dies = () => {
    writes += 1;
    return writes >= n;
  };
  const outcomes = new WeakSet<D1PreparedStatement>();
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") {
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!isOutcome(sql)) return statement;
          return {
            bind: (...values: unknown[]) => {
              const bound = statement.bind(...values);
              const run = bound.run.bind(bound);
              outcomes.add(bound);
              return Object.assign(bound, {
                run: () => (dies() ? Promise.reject(new Error("crashed")) : run()),
              });
            },
          };
        };
      }
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) =>
          statements.some((s) => outcomes.has(s)) && dies()
            ? Promise.reject(new Error("crashed"))
            : target.batch(statements);
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A Resend stand-in: a key it has seen answers the first send and delivers nothing more. */
function dedupingProvider() {
  const delivered = new Map<string, number>();
  const { sent, provider } = recordingProvider((email) => {
    delivered.set(email.idempotencyKey, (delivered.get(email.idempotencyKey) ?? 0) + 1);
    return { ok: true, messageId: `re-${email.idempotencyKey}` };
  });
  return { delivered, sent, provider };
}

describe("the email drain", () => {
  it("sends a message once when two drains run at the same time", async () => {
    const orderId = await pendingConfirmation();
    // The second drain runs from start to end while the first one is inside the provider call.
    const second: { drain?: Promise<DrainReport> } = {};
    const { sent, provider } = recordingProvider(async () => {
      if (!second.drain) {
        second.drain = drainOutbox(drainDeps(provider), { orderId });
        await second.drain;
      }
      return { ok: true, messageId: "m-1" };
    });
    const first = await drainOutbox(drainDeps(provider), { orderId });
    expect(first.sent).toBe(1);
    expect((await second.drain)?.sent).toBe(0);
    expect(sent).toHaveLength(1);
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({
      status: "sent",
      attempts: 1,
    });

    // And started together, they claim one row each at most.
    const other = await pendingConfirmation();
    const racing = recordingProvider();
    const reports = await Promise.all(
      [1, 2].map(() => drainOutbox(drainDeps(racing.provider), { orderId: other })),
    );
    expect(reports.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect(racing.sent).toHaveLength(1);
  });

  it("sends nothing twice when a drain stops after the provider call: the retry reuses the key", async () => {
    const orderId = await pendingConfirmation();
    // A Resend stand-in: a key it has seen answers the first send and delivers nothing more.
    const delivered = new Map<string, string>();
    const requests: Headers[] = [];
    const fakeResend = async (url: string, init: RequestInit) => {
      expect(url).toBe(RESEND_URL);
      const headers = new Headers(init.headers);
      requests.push(headers);
      const key = headers.get("idempotency-key") ?? "";
      if (!delivered.has(key)) delivered.set(key, `re-${delivered.size + 1}`);
      return Response.json({ id: delivered.get(key) });
    };
    const provider = resendEmailProvider("re_test_key", fakeResend);
    // The first drain dies once the provider has answered: nothing after that reaches D1.
    const dying = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") {
          return (sql: string) =>
            sql.includes("status = 'sent'") || sql.includes("next_attempt_at = ?2")
              ? { bind: () => ({ run: () => Promise.reject(new Error("crashed")) }) }
              : target.prepare(sql);
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const start = Date.now();
    await expect(
      drainOutbox(drainDeps(provider, { db: dying, now: () => start }), { orderId }),
    ).rejects.toThrow("crashed");
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({ status: "sending" });

    // Within the lease nobody takes it over; after it, the next drain does.
    const during = await drainOutbox(drainDeps(provider, { now: () => start + SECOND }), {
      orderId,
    });
    expect(during.sent).toBe(0);
    const after = await drainOutbox(drainDeps(provider, { now: () => start + LEASE_MS }), {
      orderId,
    });
    expect(after.sent).toBe(1);
    expect(requests).toHaveLength(2);
    expect(requests[0]?.get("idempotency-key")).toBe(`order_confirmed/${orderId}/1`);
    expect(requests[1]?.get("idempotency-key")).toBe(requests[0]?.get("idempotency-key"));
    expect(delivered.size).toBe(1);
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({
      status: "sent",
      attempts: 2,
      provider: "resend",
      provider_message_id: "re-1",
    });
  });

  it("leaves alone a row another drain took over once its lease ran out, whatever its own outcome", async () => {
    for (const late of [
      { ok: true as const, messageId: "late" },
      { ok: false as const, error: "timed out", permanent: false },
    ]) {
      const orderId = await pendingConfirmation();
      const start = Date.now();
      // The first drain's provider call outlasts its lease: meanwhile the next drain takes the row
      // over, sends it and records it; then the first one's outcome comes back.
      const taking = recordingProvider(() => ({ ok: true, messageId: "taken-over" }));
      const slow = recordingProvider(async () => {
        const next = drainDeps(taking.provider, { now: () => start + LEASE_MS + SECOND });
        expect((await drainOutbox(next, { orderId })).sent).toBe(1);
        return late;
      });
      await drainOutbox(drainDeps(slow.provider, { now: () => start }), { orderId });
      expect(await emailOf(orderId, "order_confirmed")).toMatchObject({
        status: "sent",
        attempts: 2,
        provider_message_id: "taken-over",
        last_error: null,
      });
    }
  });

  it("writes a drain's outcomes in one round trip when the provider dedupes; a crash before it resends under the same keys", async () => {
    const orderId = await twoPendingEmails();
    const { delivered, sent, provider } = dedupingProvider();
    const start = Date.now();
    await expect(
      drainOutbox(drainDeps(provider, { db: dyingAtOutcome(1), now: () => start }), { orderId }),
    ).rejects.toThrow("crashed");
    // Both were sent, and neither outcome was written: the one write carried both.
    expect(sent).toHaveLength(2);
    expect((await outboxOf(orderId)).map((r) => r.status)).toEqual(["sending", "sending"]);

    const after = await drainOutbox(drainDeps(provider, { now: () => start + LEASE_MS }), {
      orderId,
    });
    expect(after.sent).toBe(2);
    expect(sent).toHaveLength(4);
    expect([...delivered.values()]).toEqual([2, 2]);
    expect((await outboxOf(orderId)).map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("writes each outcome as soon as it is known when the provider cannot dedupe", async () => {
    const orderId = await twoPendingEmails();
    const { sent, provider } = recordingProvider(undefined, { idempotent: false });
    const start = Date.now();
    await expect(
      drainOutbox(drainDeps(provider, { db: dyingAtOutcome(2), now: () => start }), { orderId }),
    ).rejects.toThrow("crashed");
    // The first email's outcome was written before the second was sent.
    expect(sent).toHaveLength(2);
    expect((await outboxOf(orderId)).map((r) => r.status)).toEqual(["sent", "sending"]);

    const after = await drainOutbox(drainDeps(provider, { now: () => start + LEASE_MS }), {
      orderId,
    });
    expect(after.sent).toBe(1);
    // Only the second went again.
    const [first, second] = sent.map((e) => e.idempotencyKey);
    expect(sent.map((e) => e.idempotencyKey)).toEqual([first, second, second]);
    expect((await outboxOf(orderId)).map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("retries a failed send with backoff, recording attempts and the last error", async () => {
    const orderId = await pendingConfirmation();
    const { sent, provider } = recordingProvider(() => {
      throw new Error("provider down");
    });
    const start = Date.now();
    const at = (ms: number) => drainDeps(provider, { now: () => start + ms });

    expect(await drainOutbox(at(0), { orderId })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let row = await emailOf(orderId, "order_confirmed");
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.last_error).toContain("provider down");
    expect(row.next_attempt_at).toBe(new Date(start + 10 * SECOND).toISOString());

    // Not due before its backoff ends.
    expect((await drainOutbox(at(9 * SECOND), { orderId })).retrying).toBe(0);
    expect((await drainOutbox(at(10 * SECOND), { orderId })).retrying).toBe(1);
    row = await emailOf(orderId, "order_confirmed");
    expect(row.attempts).toBe(2);
    expect(row.next_attempt_at).toBe(new Date(start + 30 * SECOND).toISOString());
    expect(sent).toHaveLength(2);
  });

  it("marks an email failed after the last attempt, and then leaves it alone", async () => {
    const orderId = await pendingConfirmation();
    const { sent, provider } = recordingProvider(() => ({
      ok: false,
      error: "resend answered 503: busy",
      permanent: false,
    }));
    const start = Date.now();
    const reports = [];
    for (const offset of [0, 10, 30, 70, 150]) {
      reports.push(
        await drainOutbox(drainDeps(provider, { now: () => start + offset * SECOND }), {
          orderId,
        }),
      );
    }
    expect(reports.map((r) => r.failed)).toEqual([0, 0, 0, 1, 0]);
    expect(sent).toHaveLength(4);
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({
      status: "failed",
      attempts: 4,
      last_error: "resend answered 503: busy",
    });
  });

  it("fails at once when the provider refuses the message itself", async () => {
    const orderId = await pendingConfirmation();
    const provider = resendEmailProvider("re_test_key", async () =>
      Response.json({ name: "validation_error", message: "Invalid `to` field." }, { status: 422 }),
    );
    expect((await drainOutbox(drainDeps(provider), { orderId })).failed).toBe(1);
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({
      status: "failed",
      attempts: 1,
      last_error: "resend answered 422: Invalid `to` field.",
    });
  });

  it("marks failed an email whose drain stopped during its last attempt", async () => {
    const orderId = await pendingConfirmation();
    const start = Date.now();
    await env.DB.prepare(
      "UPDATE outbox SET status = 'sending', attempts = 4, lease_until = ? WHERE order_id = ?",
    )
      .bind(new Date(start).toISOString(), orderId)
      .run();
    const { sent, provider } = recordingProvider();
    await drainOutbox(drainDeps(provider, { now: () => start + SECOND }), { orderId });
    expect(sent).toHaveLength(0);
    expect(await emailOf(orderId, "order_confirmed")).toMatchObject({
      status: "failed",
      last_error: "stopped during its last attempt",
    });
  });
});
