import { describe, expect, it } from "vitest";
import { priceCart } from "./cart-view";
import type { SkuInfo } from "./catalog-lookup";

const info = (sku: string, priceAmount: number, active = true): SkuInfo => ({
  sku,
  productSlug: `p-${sku}`,
  productTitle: `Product ${sku}`,
  variantTitle: "Default",
  priceAmount,
  active,
  available: 10,
  shards: 1,
});

describe("priceCart", () => {
  it("prices each line and totals in integer minor units", () => {
    const catalog = new Map([
      ["A", info("A", 1999)],
      ["B", info("B", 5)],
    ]);
    const cart = priceCart(
      [
        { sku: "A", quantity: 3 },
        { sku: "B", quantity: 7 },
      ],
      catalog,
      "USD",
      "2026-01-01T00:00:00.000Z",
    );
    expect(cart.items.map((i) => i.lineTotal.amount)).toEqual([5997, 35]);
    expect(cart.subtotal).toEqual({ amount: 6032, currency: "USD" });
    expect(cart.itemCount).toBe(10);
  });

  it("leaves out archived and unknown skus", () => {
    const catalog = new Map([["A", info("A", 100, false)]]);
    const cart = priceCart(
      [
        { sku: "A", quantity: 1 },
        { sku: "Z", quantity: 1 },
      ],
      catalog,
      "USD",
      "2026-01-01T00:00:00.000Z",
    );
    expect(cart.items).toEqual([]);
    expect(cart.subtotal.amount).toBe(0);
  });
});
