import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CheckoutRecords } from "../durable-objects/checkout-records";
import migrations from "../durable-objects/migrations/cart/migrations.js";
import { processResponse } from "../workers/process-reply";
import { cartStub } from "./checkout-helpers";
import { unique } from "./helpers";

/** Runs one migration's statements, as drizzle's migrator splits them. */
const apply = (sql: SqlStorage, migration: string | undefined) => {
  for (const statement of (migration ?? "").split("--> statement-breakpoint")) {
    if (statement.trim()) sql.exec(statement);
  }
};

const paidBody = JSON.stringify({
  id: "ord_1",
  status: "paid",
  total: { amount: 1200, currency: "USD" },
});
const refusedBody = JSON.stringify({
  type: "about:blank",
  title: "Conflict",
  status: 409,
  code: "insufficient_stock",
  detail: "Some items are not available in the quantity asked for.",
  errors: [{ path: "items.SKU-1", message: "only 0 available" }],
});
const waitingBody = JSON.stringify({
  type: "about:blank",
  title: "Payment Required",
  status: 402,
  code: "authentication_required",
  detail: "Confirm it.",
  clientSecret: "pi_1_secret_2",
});

describe("the cart's migration to checkout outcomes", () => {
  it("carries every recorded answer over, and a key replays the same bytes as before", async () => {
    const records = await runInDurableObject(cartStub(unique("shp")), (_cart, state) => {
      const sql = state.storage.sql;
      for (const table of ["lines", "meta", "checkouts", "cancellations"]) {
        sql.exec(`DROP TABLE IF EXISTS ${table}`);
      }
      apply(sql, migrations.migrations.m0000);
      apply(sql, migrations.migrations.m0001);
      const insert = (id: string, state: string, status: number | null, body: string) =>
        sql.exec(
          `INSERT INTO checkouts (id, idempotency_key, request_hash, state, request, reply_status,
             reply_body, created_at, updated_at) VALUES (?, ?, 'h', ?, '{}', ?, ?, 0, 0)`,
          id,
          `key-${id}`,
          state,
          status,
          body,
        );
      insert("paid", "fulfilling", 201, paidBody);
      insert("refused", "done", 409, refusedBody);
      insert("waiting", "authenticating", null, waitingBody);
      apply(sql, migrations.migrations.m0002);
      const store = new CheckoutRecords(sql);
      return {
        paid: store.get("paid").outcome,
        refused: store.get("refused").outcome,
        waiting: store.get("waiting").outcome,
        unanswered: store.unanswered().map((r) => r.id),
      };
    });
    expect(records.paid).toMatchObject({ kind: "paid", order: { id: "ord_1" } });
    expect(records.refused).toMatchObject({
      kind: "refused",
      problem: { code: "insufficient_stock" },
    });
    expect(records.waiting).toEqual({
      kind: "waiting",
      problem: { code: "authentication_required", detail: "Confirm it." },
      clientSecret: "pi_1_secret_2",
    });
    // Only the one waiting for 3-D Secure still holds its cart.
    expect(records.unanswered).toEqual(["waiting"]);
    for (const [outcome, body, status] of [
      [records.paid, paidBody, 201],
      [records.refused, refusedBody, 409],
      [records.waiting, waitingBody, 402],
    ] as const) {
      if (!outcome) throw new Error("no outcome carried over");
      const reply = processResponse(outcome);
      expect(reply.status).toBe(status);
      expect(JSON.stringify(reply.body)).toBe(body);
    }
  });
});
