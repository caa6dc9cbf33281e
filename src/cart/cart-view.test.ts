import { describe, expect, it } from "vitest";
import { queryMarketSetOf } from "../markets/load";
import { cartPricing } from "../markets/place";
import { priceCart } from "./cart-view";
import type { SkuInfo } from "./catalog-lookup";

const info = (sku: string, priceAmount: number, active = true): SkuInfo => ({
  sku,
  productSlug: `p-${sku}`,
  imageUrl: `/images/products/p-${sku}.svg`,
  productTitle: `Product ${sku}`,
  variantTitle: "Default",
  priceAmount,
  taxClass: "standard",
  category: "c",
  giftCard: false,
  active,
  listed: active,
  available: 10,
  shards: 1,
});

const set = queryMarketSetOf([], [], [], {
  storeCurrency: "USD",
  shippingFlat: 500,
  freeShippingOver: 5000,
});
const here = cartPricing(set, set.markets[0] ?? (null as never));

describe("priceCart", () => {
  it("prices each line and totals in integer minor units, with the flat shipping rule", () => {
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
      here,
      "2026-01-01T00:00:00.000Z",
    );
    expect(cart.items.map((i) => i.lineTotal.amount)).toEqual([5997, 35]);
    expect(cart.subtotal).toEqual({ amount: 6032, currency: "USD" });
    expect(cart.itemCount).toBe(10);
    expect(cart.shipping).toEqual({ amount: 0, currency: "USD" });
    expect(cart.total).toEqual({ amount: 6032, currency: "USD" });
    expect(cart.tax).toEqual({ amount: 0, currency: "USD" });
  });

  it("charges the flat rate below the threshold", () => {
    const cart = priceCart(
      [{ sku: "A", quantity: 1 }],
      new Map([["A", info("A", 4999)]]),
      here,
      "t",
    );
    expect([cart.shipping?.amount, cart.total.amount]).toEqual([500, 5499]);
  });

  it("leaves out archived and unknown skus", () => {
    const catalog = new Map([["A", info("A", 100, false)]]);
    const cart = priceCart(
      [
        { sku: "A", quantity: 1 },
        { sku: "Z", quantity: 1 },
      ],
      catalog,
      here,
      "2026-01-01T00:00:00.000Z",
    );
    expect(cart.items).toEqual([]);
    expect(cart.subtotal.amount).toBe(0);
  });
});
