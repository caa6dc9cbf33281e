import { describe, expect, it } from "vitest";
import { FORWARD_STATES } from "../src/checkout/record";
import { addToCart, checkout, checkoutBody, stockedSku } from "./checkout-helpers";
import { guest, unique } from "./helpers";
import { expectSettled, FAULT_VARIANTS, inject, settleCart } from "./process-harness";

/** A shopper with a two-line cart (2 + 1 units) of fresh skus with 5 units each. */
async function shopperWithCart() {
  const shopper = await guest();
  const a = await stockedSku(5, 1200);
  const b = await stockedSku(5, 800);
  await addToCart(shopper.token, a.sku, 2);
  await addToCart(shopper.token, b.sku, 1);
  return {
    ...shopper,
    stock: [
      { sku: a.sku, onHand: 5, quantity: 2 },
      { sku: b.sku, onHand: 5, quantity: 1 },
    ],
  };
}

/** Money moves at `capturing`: a checkout stopped from there on is paid, before it never. */
const paysDespite = (step: string) =>
  FORWARD_STATES.indexOf(step as never) >= FORWARD_STATES.indexOf("capturing");

/**
 * What the request that met the fault answers: a crash leaves its checkout to the alarm, and so
 * does a failure at capture (retried, never undone); any other failure before capture undoes the
 * checkout at once; a failure after capture still answers the paid order, recorded at capture.
 */
function firstAnswer(step: string, kind: string): [number, string | null] {
  if (kind === "crash" || step === "capturing") return [503, "dependency_unavailable"];
  return paysDespite(step) ? [201, null] : [409, "checkout_interrupted"];
}

const codeOf = async (res: Response) => ((await res.json()) as { code?: string }).code ?? null;

describe("a checkout stopped at every step settles by itself", () => {
  // The test provider never waits for 3-D Secure: test/stripe/ stops `authenticating`.
  // A checkout without a code or a gift card has no `redeeming` or `spending` to stop in: those
  // are stopped in test/discount-checkout.test.ts and test/gift-card-checkout.test.ts.
  const skipped = ["authenticating", "redeeming", "spending"];
  for (const step of FORWARD_STATES.filter((s) => !skipped.includes(s))) {
    for (const variant of FAULT_VARIANTS) {
      it(`${variant.kind} ${variant.at} ${step}`, async () => {
        const s = await shopperWithCart();
        expect(await inject(s.shopper.id, { step: `checkout:${step}`, ...variant })).toBe(true);
        const key = unique("key");
        const first = await checkout(s.token, checkoutBody(), key);
        const [status, code] = firstAnswer(step, variant.kind);
        expect(first.status).toBe(status);
        if (status === 503) expect(first.headers.get("retry-after")).toBe("10");
        expect(await codeOf(first)).toBe(code);

        await settleCart(s.shopper.id);
        const { sold } = await expectSettled(s.shopper.id, s.token, s.stock);
        expect(sold).toHaveLength(paysDespite(step) ? 1 : 0);

        // The key answers its final result from now on, never "in progress".
        const replay = await checkout(s.token, checkoutBody(), key);
        expect(replay.headers.get("idempotent-replayed")).toBe("true");
        if (paysDespite(step)) {
          expect(replay.status).toBe(201);
          expect(((await replay.json()) as { id: string }).id).toBe(sold[0]?.id);
        } else {
          expect(replay.status).toBe(409);
          expect(await codeOf(replay)).toBe("checkout_interrupted");
        }
        // The cart is free again: an unpaid one can be bought with a new key.
        if (!paysDespite(step)) {
          expect((await checkout(s.token, checkoutBody(), unique("key"))).status).toBe(201);
        }
      });
    }
  }
});

describe("a checkout that fails while going back still ends undone", () => {
  for (const variant of FAULT_VARIANTS) {
    it(`declined card, ${variant.kind} ${variant.at} unwinding`, async () => {
      const s = await shopperWithCart();
      await inject(s.shopper.id, { step: "checkout:unwinding", ...variant });
      const key = unique("key");
      await checkout(s.token, checkoutBody("tok_decline"), key);
      await settleCart(s.shopper.id);
      const { orders, sold } = await expectSettled(s.shopper.id, s.token, s.stock);
      expect(sold).toEqual([]);
      expect(orders.map((o) => o.status)).toEqual(["payment_failed"]);
      const replay = await checkout(s.token, checkoutBody("tok_decline"), key);
      expect(replay.status).toBe(402);
    });
  }

  it("a dependency that keeps failing at capture is retried until the payment goes through", async () => {
    const s = await shopperWithCart();
    await inject(s.shopper.id, {
      step: "checkout:capturing",
      at: "before",
      kind: "error",
      times: 3,
    });
    const key = unique("key");
    expect((await checkout(s.token, checkoutBody(), key)).status).toBe(503);
    // A retry of the key tries the capture again (and fails again): never a second charge.
    expect((await checkout(s.token, checkoutBody(), key)).status).toBe(503);
    await settleCart(s.shopper.id);
    expect((await checkout(s.token, checkoutBody(), key)).status).toBe(201);
    const { sold } = await expectSettled(s.shopper.id, s.token, s.stock);
    expect(sold).toHaveLength(1);
  });

  it("a failed first send to the fulfillment queue still answers the paid order; the alarm sends again", async () => {
    const s = await shopperWithCart();
    await inject(s.shopper.id, { step: "checkout:fulfilling", at: "before", kind: "error" });
    const paid = await checkout(s.token, checkoutBody(), unique("key"));
    expect(paid.status).toBe(201);
    await settleCart(s.shopper.id);
    const { sold } = await expectSettled(s.shopper.id, s.token, s.stock);
    expect(sold.map((o) => o.id)).toEqual([((await paid.json()) as { id: string }).id]);
  });

  it("a crash after the order write, then a retry of the key, answers at once without the alarm", async () => {
    const s = await shopperWithCart();
    await inject(s.shopper.id, { step: "checkout:recording", at: "after", kind: "crash" });
    const key = unique("key");
    expect((await checkout(s.token, checkoutBody(), key)).status).toBe(503);
    const retry = await checkout(s.token, checkoutBody(), key);
    expect(retry.status).toBe(409);
    expect(await codeOf(retry)).toBe("checkout_interrupted");
    await settleCart(s.shopper.id);
    await expectSettled(s.shopper.id, s.token, s.stock);
  });

  it("a real object reset in the middle of a checkout is recovered", async () => {
    const s = await shopperWithCart();
    await inject(s.shopper.id, { step: "checkout:committing", at: "after", kind: "abort" });
    const key = unique("key");
    const first = await checkout(s.token, checkoutBody(), key).catch((err: unknown) => err);
    expect(first instanceof Response ? first.status : 503).toBe(503);
    await settleCart(s.shopper.id);
    const { sold } = await expectSettled(s.shopper.id, s.token, s.stock);
    expect(sold).toEqual([]);
  });
});
