import { describe, expect, it } from "vitest";
import docs from "../docs/checkout.md?raw";
import type { CheckoutDeps } from "../src/checkout/moves";
import { CHECKOUT } from "../src/checkout/process";
import type { CheckoutRecord } from "../src/checkout/record";
import { CANCEL } from "../src/orders/cancel";
import { reachableStates } from "../src/processes/definition";
import { addToCart, checkout, checkoutBody, stockedSku } from "./checkout-helpers";
import { adminCall, call, guest, unique } from "./helpers";
import {
  cancelOrder,
  driveDueOnce,
  expectSettled,
  inject,
  orderStatus,
  paidUnshippedOrder,
  processRecord,
  settleCart,
} from "./process-harness";
import { processTable } from "./process-table";

const DEFINITIONS = [CHECKOUT, CANCEL];

/** Every markdown table row of `text`, one line each, its cells trimmed and rules shortened. */
const tableCells = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .map((cell) => cell.trim().replace(/^-+$/, "-"))
        .join("|"),
    )
    .join("\n");

describe("every process table", () => {
  for (const def of DEFINITIONS) {
    it(`${def.name}: every state is reachable from ${def.initial}, and every successor is a state`, () => {
      const states = [...Object.keys(def.steps), "done"];
      expect([...reachableStates(def)].sort()).toEqual([...states].sort());
      for (const entry of Object.values(def.steps)) {
        for (const next of entry.next) expect(states).toContain(next);
        if (entry.onFailure === "compensate" || entry.onInterrupt === "compensate") {
          expect(def.compensatesTo?.length).toBeGreaterThan(0);
        }
      }
    });

    it(`${def.name}: docs/checkout.md shows the table as built`, () => {
      // The formatter pads the docs' cells: compare cell by cell.
      expect(tableCells(docs)).toContain(tableCells(processTable(def)));
    });
  }
});

/** A shopper with one line of a fresh sku of 5 units. */
/**
 * A shopper with a line, a discount code on the cart and a gift card for part of the total: a
 * checkout of theirs goes through every state of the table.
 */
async function shopperWithLine() {
  const shopper = await guest();
  const item = await stockedSku(5, 1000);
  await addToCart(shopper.token, item.sku, 2);
  const code = unique("WALK")
    .replace(/[^A-Za-z0-9-]/g, "")
    .slice(0, 32);
  await adminCall("POST", "/api/v1/admin/discounts", { code, kind: "percentage", value: 10 });
  expect(
    (await call("POST", "/api/v1/cart/discounts", { token: shopper.token, body: { code } })).status,
  ).toBe(200);
  const card = await adminCall("POST", "/api/v1/admin/gift-cards", {
    amount: { amount: 500, currency: "USD" },
  });
  const { code: giftCard } = (await card.json()) as { code: string };
  return { ...shopper, giftCard, stock: [{ sku: item.sku, onHand: 5, quantity: 2 }] };
}

/** Reaches `unwinding` by a declined card; every other state by a good one. */
const tokenFor = (state: string) => (state === "unwinding" ? "tok_decline" : "tok_visa");

/** `rechecking` follows an undo of an authorize cut off before it was made (nothing to find). */
async function reach(shopperId: string, state: string) {
  if (state !== "rechecking") return;
  await inject(shopperId, { step: "checkout:authorizing", at: "before", kind: "error" });
}

/** A state whose step runs only after the checkout was answered (from the alarm). */
const answeredBefore = (state: string) => state === "rechecking";

describe("the checkout table, walked with an injected fault at every state", () => {
  // `authenticating` waits for Stripe's 3-D Secure: test/stripe/checkout.test.ts stops it the same way.
  const states = Object.entries(CHECKOUT.steps).filter(([state]) => state !== "authenticating");

  for (const [state, entry] of states) {
    it(`a failure at ${state}: ${entry.onFailure}`, async () => {
      const s = await shopperWithLine();
      await reach(s.shopper.id, state);
      await inject(s.shopper.id, { step: `checkout:${state}`, at: "before", kind: "error" });
      await checkout(
        s.token,
        { ...checkoutBody(tokenFor(state)), giftCard: s.giftCard },
        unique("key"),
      );
      if (answeredBefore(state)) await driveDueOnce(s.shopper.id);
      const record = await processRecord(s.shopper.id, "checkouts");
      if (entry.onFailure === "compensate") {
        // Undone at once, by the compensation, and answered as interrupted (an authorize cut off
        // is looked for once more later).
        expect(record).toMatchObject({ failure: { from: state } });
        expect(state === "authorizing" ? ["done", "rechecking"] : ["done"]).toContain(record.state);
        expect(record.failure?.problem.code).toBe("checkout_interrupted");
      } else {
        // Left where it failed, to run again after a backoff.
        expect(record).toMatchObject({ state, attempts: 1 });
        expect(record.wake_at).toBeGreaterThan(Date.now());
      }
      await settleCart(s.shopper.id);
      await expectSettled(s.shopper.id, s.token, s.stock);
    });

    it(`a reset at ${state}: ${entry.onInterrupt}`, async () => {
      const s = await shopperWithLine();
      await reach(s.shopper.id, state);
      await inject(s.shopper.id, { step: `checkout:${state}`, at: "before", kind: "crash" });
      const key = unique("key");
      const first = await checkout(
        s.token,
        { ...checkoutBody(tokenFor(state)), giftCard: s.giftCard },
        key,
      );
      if (answeredBefore(state)) {
        // Answered before the step runs: the crash comes in the alarm that runs it.
        expect(first.status).toBe(409);
        await driveDueOnce(s.shopper.id);
      } else {
        expect(first.status).toBe(503);
      }
      const stopped = await processRecord(s.shopper.id, "checkouts");
      expect(stopped.state).toBe(state);
      await settleCart(s.shopper.id);
      const ended = await processRecord(s.shopper.id, "checkouts");
      expect(ended.state).toBe("done");
      if (entry.onInterrupt === "compensate") {
        expect(ended.failure).toMatchObject({
          from: state,
          problem: { code: "checkout_interrupted" },
        });
      } else {
        // Driven on from where it stopped: whatever it was going back for, if anything, stands.
        expect(ended.failure).toEqual(stopped.failure);
      }
      await expectSettled(s.shopper.id, s.token, s.stock);
    });
  }

  it("the second look voids an authorization that appeared after the undo looked", async () => {
    const voided: string[] = [];
    const deps = {
      payments: {
        findAuthorization: async () => "auth_late",
        void: async ({ authorizationId }: { authorizationId: string }) => {
          voided.push(authorizationId);
        },
      },
      rules: { holdTtlMs: 600_000 },
    } as unknown as CheckoutDeps;
    const record = {
      id: "ord_late",
      state: "rechecking",
      order: { id: "ord_late", createdAt: new Date().toISOString() },
    } as unknown as CheckoutRecord;
    expect(await CHECKOUT.steps.rechecking.run(deps, record)).toEqual({
      patch: { state: "done", wakeAt: null },
    });
    expect(voided).toEqual(["auth_late"]);
  });
});

describe("the cancel table, walked with an injected fault at every state", () => {
  for (const [state, entry] of Object.entries(CANCEL.steps)) {
    it(`a failure at ${state}: ${entry.onFailure}, then a reset: ${entry.onInterrupt}`, async () => {
      const s = await paidUnshippedOrder();
      await inject(s.shopper.id, { step: `cancel:${state}`, at: "before", kind: "error" });
      await cancelOrder(s);
      // Every cancel step is retried where it failed.
      expect(entry.onFailure).toBe("retry");
      expect(await processRecord(s.shopper.id, "cancellations")).toMatchObject({
        state,
        attempts: 1,
      });

      await inject(s.shopper.id, { step: `cancel:${state}`, at: "before", kind: "crash" });
      await driveDueOnce(s.shopper.id);
      expect((await processRecord(s.shopper.id, "cancellations")).state).toBe(state);
      expect(entry.onInterrupt).toBe("resume");
      await settleCart(s.shopper.id);
      expect((await processRecord(s.shopper.id, "cancellations")).state).toBe("done");
      expect(await orderStatus(s)).toBe("cancelled");
    });
  }
});
