import { describe, expect, it } from "vitest";
import { type OrderBody, stockOf } from "./checkout-helpers";
import { call } from "./helpers";
import {
  cancelOrder,
  FAULT_VARIANTS,
  inject,
  paidUnshippedOrder,
  paymentsOf,
  processRecord,
  settleCart,
} from "./process-harness";

/**
 * What the cancel request that met the fault answers: a crash, or a failure of the claim (before
 * it, nothing happened), leaves the cancel to the alarm (503); a failure from the refund on
 * answers the order, claimed, while the alarm finishes the rest.
 */
const firstAnswer = (step: string, kind: string) =>
  kind === "crash" || step === "claiming" ? 503 : 200;

describe("a cancel stopped at every step finishes by itself", () => {
  for (const step of ["claiming", "refunding", "restocking"]) {
    for (const variant of FAULT_VARIANTS) {
      it(`${variant.kind} ${variant.at} ${step}`, async () => {
        const s = await paidUnshippedOrder();
        expect(await inject(s.shopper.id, { step: `cancel:${step}`, ...variant })).toBe(true);
        const first = await cancelOrder(s);
        expect(first.status).toBe(firstAnswer(step, variant.kind));
        if (first.status === 200)
          expect((await first.json()) as OrderBody).toMatchObject({ status: "cancelled" });
        // The fault fired: an error left the step to a retry, a crash left it where it was.
        const stopped = await processRecord(s.shopper.id, "cancellations");
        expect(stopped).toMatchObject(
          variant.kind === "error" ? { state: step, attempts: 1 } : { state: step, attempts: 0 },
        );
        await settleCart(s.shopper.id);

        const order = (await (
          await call("GET", `/api/v1/orders/${s.order.id}`, { token: s.token })
        ).json()) as OrderBody;
        expect(order.status).toBe("cancelled");
        const types = order.events.map((e) => e.type);
        for (const once of ["cancelled", "refunded", "restocked"]) {
          expect(types.filter((t) => t === once)).toHaveLength(1);
        }
        expect(types).not.toContain("fulfilled");
        const [payment] = paymentsOf([s.order.id]);
        expect(payment?.state).toBe("refunded");
        for (const sku of s.skus) {
          expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
        }
        const again = await cancelOrder(s);
        expect(again.status).toBe(409);
      });
    }
  }
});
