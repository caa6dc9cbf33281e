import { describe, expect, it } from "vitest";
import { undoneCheckouts } from "../scripts/chaos/invariants.mjs";

const shopper = (
  id: string,
  answers: [string, { status: number | string; code: string | null }][],
) => ({
  id,
  answers: new Map(answers),
});
const voidedOrder = (shopperId: string) => ({
  shopperId,
  events: [{ type: "payment_failed", reason: "checkout_interrupted" }],
});

describe("the chaos run's count of checkouts undone after a crash", () => {
  it("counts an undone checkout that never wrote its order, from its key's answer", () => {
    const shoppers = [shopper("a", [["k1", { status: 409, code: "checkout_interrupted" }]])];
    expect(undoneCheckouts([], shoppers)).toBe(1);
  });

  it("counts a voided order whose key died unanswered, and counts each undone checkout once", () => {
    const shoppers = [
      shopper("a", [["k1", { status: "killed", code: null }]]),
      shopper("b", [["k2", { status: 409, code: "checkout_interrupted" }]]),
      shopper("c", [["k3", { status: 409, code: "checkout_interrupted" }]]),
      shopper("d", [["k4", { status: 201, code: null }]]),
    ];
    const orders = [
      voidedOrder("a"),
      voidedOrder("b"),
      { shopperId: "d", events: [{ type: "paid" }] },
    ];
    expect(undoneCheckouts(orders, shoppers)).toBe(3);
  });
});
