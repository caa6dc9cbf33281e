import { describe, expect, it } from "vitest";
import { addToCart, checkout, checkoutBody, stockedSku, stockOf } from "../checkout-helpers";
import { adminCall, guest, problemOf, unique } from "../helpers";
import { settleCart } from "../process-harness";
import { authenticate, cardToken, intentsOf, THREE_DS } from "./stripe-helpers";

/** A shopper with one unit of `sku` in a checkout waiting for 3-D Secure. */
async function waitingShopper(sku: string) {
  const shopper = await guest();
  expect((await addToCart(shopper.token, sku, 1)).status).toBe(200);
  const key = unique("key");
  const body = checkoutBody(await cardToken(THREE_DS));
  const res = await checkout(shopper.token, body, key);
  expect(res.status).toBe(402);
  const { clientSecret } = (await res.json()) as { clientSecret: string };
  return { ...shopper, key, body, clientSecret };
}

describe("a stock cut while checkouts wait for 3-D Secure", () => {
  for (const shards of [1, 4]) {
    it(`sells no more than the new count once they authenticate (${shards === 1 ? "one stock object" : `${shards} shards`})`, async () => {
      const { sku } = await stockedSku(12);
      if (shards > 1) {
        const res = await adminCall("PUT", `/api/v1/admin/inventory/${sku}/shards`, {
          count: shards,
        });
        expect(res.status).toBe(200);
      }
      const waiting = await Promise.all(Array.from({ length: 8 }, () => waitingShopper(sku)));
      expect(await stockOf(sku)).toMatchObject({ onHand: 12, reserved: 8 });

      const cut = await adminCall("PUT", `/api/v1/admin/inventory/${sku}`, { onHand: 2 });
      expect(await cut.json()).toEqual({ sku, onHand: 2, reserved: 8, available: 0 });

      for (const w of waiting) await authenticate(w.clientSecret, "complete");
      const answers = await Promise.all(waiting.map((w) => checkout(w.token, w.body, w.key)));
      const paid = answers.filter((r) => r.status === 201);
      expect(paid).toHaveLength(2);
      for (const r of answers.filter((r) => r.status !== 201)) {
        expect(r.status).toBe(409);
        expect((await problemOf(r)).code).toBe("insufficient_stock");
      }
      for (const w of waiting) await settleCart(w.shopper.id);
      expect(await stockOf(sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
      // Only the two sold were captured; every other authorization was cancelled.
      const orderIds = await Promise.all(
        answers.map(async (r) => (r.status === 201 ? ((await r.json()) as { id: string }).id : "")),
      );
      const captured = (await Promise.all(orderIds.filter(Boolean).map(intentsOf))).flat();
      expect(captured.map((i) => i.status)).toEqual(["succeeded", "succeeded"]);
    }, 30_000);
  }
});
