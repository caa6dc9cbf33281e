import { describe, expect, it } from "vitest";
import { addToCart, checkout, type OrderBody, stockedSku, stockOf } from "./checkout-helpers";
import { call, guest } from "./helpers";
import { FAULT_VARIANTS, inject, paymentsOf, settleCart } from "./process-harness";

async function paidOrder() {
  const shopper = await guest();
  const a = await stockedSku(5);
  const b = await stockedSku(5);
  await addToCart(shopper.token, a.sku, 2);
  await addToCart(shopper.token, b.sku, 1);
  const res = await checkout(shopper.token);
  expect(res.status).toBe(201);
  return { ...shopper, skus: [a.sku, b.sku], order: (await res.json()) as OrderBody };
}

describe("a cancel stopped at every step finishes by itself", () => {
  for (const step of ["claiming", "refunding", "restocking"]) {
    for (const variant of FAULT_VARIANTS) {
      it(`${variant.kind} ${variant.at} ${step}`, async () => {
        const s = await paidOrder();
        await inject(s.shopper.id, { step: `cancel:${step}`, ...variant });
        await call("POST", `/api/v1/orders/${s.order.id}/cancel`, { token: s.token });
        await settleCart(s.shopper.id);

        const order = (await (
          await call("GET", `/api/v1/orders/${s.order.id}`, { token: s.token })
        ).json()) as OrderBody;
        const [payment] = paymentsOf([s.order.id]);
        if (order.status === "fulfilled") {
          // The queue shipped it before the claim: the cancel was refused and nothing moved.
          expect(payment?.state).toBe("captured");
          expect(await stockOf(s.skus[0] ?? "")).toMatchObject({ onHand: 3, reserved: 0 });
          return;
        }
        expect(order.status).toBe("cancelled");
        const types = order.events.map((e) => e.type);
        for (const once of ["cancelled", "refunded", "restocked"]) {
          expect(types.filter((t) => t === once)).toHaveLength(1);
        }
        expect(types).not.toContain("fulfilled");
        expect(payment?.state).toBe("refunded");
        for (const sku of s.skus) {
          expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
        }
        const again = await call("POST", `/api/v1/orders/${s.order.id}/cancel`, {
          token: s.token,
        });
        expect(again.status).toBe(409);
      });
    }
  }
});
