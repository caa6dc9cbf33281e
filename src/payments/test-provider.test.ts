import { describe, expect, it } from "vitest";
import { money } from "../money";
import { testPaymentLedger, testPaymentProvider } from "./test-provider";

const authorize = (key: string) =>
  testPaymentProvider.authorize({
    amount: money(1000, "USD"),
    token: "tok_visa",
    idempotencyKey: key,
    orderId: "ord_test",
  });

describe("the test payment provider", () => {
  it("keeps the latest 100,000 authorizations, forgetting the oldest first", async () => {
    const first = await authorize("key-0");
    if (!first.ok) throw new Error("tok_visa was declined");
    expect(testPaymentLedger.has(first.authorizationId)).toBe(true);
    for (let i = 1; i <= 100_000; i++) await authorize(`key-${i}`);
    expect(testPaymentLedger.size).toBe(100_000);
    expect(testPaymentLedger.has(first.authorizationId)).toBe(false);
    const latest = await authorize("key-100000");
    expect(latest.ok && testPaymentLedger.has(latest.authorizationId)).toBe(true);
  });
});
