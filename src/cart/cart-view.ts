import { type Money, money } from "../money";
import type { CatalogPart } from "./catalog-lookup";

export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 50;

export interface CartLine {
  sku: string;
  quantity: number;
}

export interface CartItem {
  sku: string;
  productSlug: string;
  title: string;
  variantTitle: string;
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
}

export interface CartView {
  items: CartItem[];
  itemCount: number;
  subtotal: Money;
  updatedAt: string;
}

/**
 * Prices a cart's lines at the catalog's current prices. Lines whose sku is gone or archived are
 * left out (the caller drops them from storage).
 */
export function priceCart(
  lines: readonly CartLine[],
  catalog: ReadonlyMap<string, CatalogPart>,
  currency: string,
  updatedAt: string,
): CartView {
  const items: CartItem[] = [];
  for (const line of lines) {
    const info = catalog.get(line.sku);
    if (!info?.active) continue;
    items.push({
      sku: line.sku,
      productSlug: info.productSlug,
      title: info.productTitle,
      variantTitle: info.variantTitle,
      unitPrice: money(info.priceAmount, currency),
      quantity: line.quantity,
      lineTotal: money(info.priceAmount * line.quantity, currency),
    });
  }
  return {
    items,
    itemCount: items.reduce((n, item) => n + item.quantity, 0),
    subtotal: money(
      items.reduce((sum, item) => sum + item.lineTotal.amount, 0),
      currency,
    ),
    updatedAt,
  };
}
