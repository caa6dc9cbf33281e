/** Flat shipping, free once the subtotal reaches the threshold. Integer minor units only. */
export function shippingFor(
  subtotal: number,
  rule: { shippingFlat: number; freeShippingOver: number },
): number {
  return subtotal >= rule.freeShippingOver ? 0 : rule.shippingFlat;
}
