import { AppError } from "../errors";

/** Lines that cannot be sold in the market named: their skus have no price there. */
export function marketMismatch(skus: readonly string[], marketName: string): AppError {
  return new AppError(
    "market_mismatch",
    `Some lines of this cart are not sold in ${marketName}: remove them, or shop in the cart's market.`,
    skus.map((sku) => ({ path: `items.${sku}`, message: `not sold in ${marketName}` })),
  );
}
