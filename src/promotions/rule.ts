import type { DiscountKind, PromotionKind } from "../db/promotion-schema";

/**
 * What a code and an automatic promotion have in common: what it gives (`kind`, `value`), what it
 * applies to (skus, categories, markets, a minimum subtotal of those lines) and when.
 */
export interface PromotionRule {
  kind: DiscountKind | PromotionKind;
  value: number | null;
  currency: string | null;
  buyQuantity?: number | null;
  getQuantity?: number | null;
  skus: string[] | null;
  categories: string[] | null;
  markets: string[] | null;
  minSubtotal: { amount: number; currency: string } | null;
  startsAt: string | null;
  endsAt: string | null;
  status: "active" | "paused" | "ended";
}

/** An automatic promotion: a rule with no code, shown by its title. */
export interface Promotion extends PromotionRule {
  id: string;
  title: string;
  kind: PromotionKind;
  buyQuantity: number | null;
  getQuantity: number | null;
  position: number;
  createdAt: string;
}

/** A cart's line as promotions see it. */
export interface PromotionLine {
  sku: string;
  /** Its product's category slug; null for none. */
  category: string | null;
  unitPrice: number;
  quantity: number;
  /** A gift card: no promotion ever applies to it (it is money, not merchandise). */
  giftCard?: boolean;
}

/** Whether the rule targets the line (every line, without skus or categories; never a gift card). */
export function targets(rule: PromotionRule, line: PromotionLine): boolean {
  if (line.giftCard) return false;
  if (!rule.skus && !rule.categories) return true;
  if (rule.skus?.includes(line.sku)) return true;
  return line.category !== null && (rule.categories?.includes(line.category) ?? false);
}
