/** What the inventory authority answers for one sku. `available = max(0, onHand - reserved)`. */
export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

export type StockResult = { ok: true; level: StockLevel } | { ok: false; reason: "unknown_sku" };

/** An adjustment's answer: `key_reused` when its request id was applied before with another delta. */
export type AdjustResult = StockResult | { ok: false; reason: "key_reused" };

export function stockLevel(sku: string, onHand: number, reserved: number): StockLevel {
  return { sku, onHand, reserved, available: Math.max(0, onHand - reserved) };
}

/**
 * The InventoryObject that owns a sku's stock: its home object, which also answers for the whole
 * sku when its stock is split over shards.
 */
export function inventoryStub<T extends Rpc.DurableObjectBranded>(
  namespace: DurableObjectNamespace<T>,
  sku: string,
): DurableObjectStub<T> {
  return namespace.get(namespace.idFromName(sku));
}

/**
 * A hot sku's stock can be split over up to MAX_STOCK_SHARDS InventoryObjects, so its holds are
 * not all serialized by one object. Shard 0 is the home object (named by the sku); shard i is
 * named `<sku>#<i>` (`#` is never part of a sku). The count only grows.
 */
export const MAX_STOCK_SHARDS = 16;

export function stockShardStub<T extends Rpc.DurableObjectBranded>(
  namespace: DurableObjectNamespace<T>,
  sku: string,
  shard: number,
): DurableObjectStub<T> {
  return namespace.get(namespace.idFromName(shard === 0 ? sku : `${sku}#${shard}`));
}

/** The shard that holds a shopper's units of a sku: the same one for every checkout of theirs. */
export function shardFor(shopperId: string, sku: string, shards: number): number {
  if (shards <= 1) return 0;
  // FNV-1a: cheap and well spread over short strings.
  let hash = 0x811c9dc5;
  for (const ch of `${shopperId}|${sku}`) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The answer to hold/commit/release/restock; the same call repeated answers the same. */
export type HoldResult =
  | { ok: true; level: StockLevel }
  | { ok: false; reason: "insufficient"; available: number }
  | { ok: false; reason: "unknown_sku" | "unknown_hold" | "released" | "committed" };
