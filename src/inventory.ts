/** What the inventory authority answers for one sku. `available = max(0, onHand - reserved)`. */
export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

export type StockResult = { ok: true; level: StockLevel } | { ok: false; reason: "unknown_sku" };

export function stockLevel(sku: string, onHand: number, reserved: number): StockLevel {
  return { sku, onHand, reserved, available: Math.max(0, onHand - reserved) };
}

/** The one InventoryObject that owns a sku's stock. */
export function inventoryStub<T extends Rpc.DurableObjectBranded>(
  namespace: DurableObjectNamespace<T>,
  sku: string,
): DurableObjectStub<T> {
  return namespace.get(namespace.idFromName(sku));
}

/** The answer to hold/commit/release/restock; the same call repeated answers the same. */
export type HoldResult =
  | { ok: true; level: StockLevel }
  | { ok: false; reason: "insufficient"; available: number }
  | { ok: false; reason: "unknown_sku" | "unknown_hold" | "released" | "committed" };
