import { setBounded } from "../bounded-map";
import { logEvent } from "../log";
import { digestHex } from "../sha256-hex";

/**
 * Catalog responses cached in KV under versioned keys: `catalog:<shape>:<version>:<key>`.
 * An admin write bumps the version, so every later read misses and reloads from D1. Keys are never
 * deleted (deletes do not reach other locations in step); old versions expire by TTL.
 */
const VERSION_KEY = "catalog:version";
/**
 * The shape of what is cached: raised whenever a cached value gains or changes a field (2:
 * product options), so a deploy never reads entries of the shape before under the same version.
 */
const SHAPE = 3;

export interface CacheDeps {
  kv: KVNamespace;
  ttlSeconds: number;
  /** Keeps background work (the cache fill) alive after the response is sent. */
  defer: (work: Promise<unknown>) => void;
  /**
   * The catalog version as this request read it, when the request reads the catalog more than
   * once (its market set, then its products): one KV read for all of them.
   */
  version?: () => Promise<string>;
}

/** What a cache entry holds: the value, or a remembered miss (so unknown slugs stay off D1 too). */
interface Entry<T> {
  value: T | null;
}

/**
 * Entries already read in this isolate. An entry under a versioned key is never rewritten (a change
 * makes a new version), so keeping it in memory is safe and saves a KV read on every hot request.
 */
const seen = new Map<string, Entry<unknown>>();
const MAX_SEEN = 2_000;

export async function catalogVersion(kv: KVNamespace): Promise<string> {
  return (await kv.get(VERSION_KEY)) ?? "0";
}

/** Makes the next catalog read at this location miss the cache. */
export async function bumpCatalogVersion(kv: KVNamespace): Promise<string> {
  const version = `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  await kv.put(VERSION_KEY, version);
  return version;
}

/**
 * Reads through the cache. Only what `shared` allows, and never a miss, is written to KV: KV writes
 * are billed and capped, so anonymous traffic (unknown slugs, every new search string or cursor)
 * must not be able to cause them. Everything else is kept in this isolate's memory only.
 */
export async function cachedCatalogRead<T>(
  deps: CacheDeps,
  key: string,
  load: () => Promise<T | null>,
  shared = true,
): Promise<T | null> {
  const version = await (deps.version ? deps.version() : catalogVersion(deps.kv));
  const fullKey = `catalog:${SHAPE}:${version}:${key}`;
  const hit =
    (seen.get(fullKey) as Entry<T> | undefined) ?? (await deps.kv.get<Entry<T>>(fullKey, "json"));
  if (hit) {
    setBounded(seen, fullKey, hit, MAX_SEEN);
    return hit.value;
  }
  const value = await load();
  const entry: Entry<T> = { value };
  setBounded(seen, fullKey, entry, MAX_SEEN);
  if (value === null || !shared) return value;
  deps.defer(
    deps.kv
      .put(fullKey, JSON.stringify(entry), { expirationTtl: deps.ttlSeconds })
      .catch((err: unknown) =>
        logEvent("catalog_cache_fill_failed", { key: fullKey, error: String(err) }, "warn"),
      ),
  );
  return value;
}

/** Keys hashed in this isolate, by their parameters: the hot list pages ask for the same few. */
const hashed = new Map<string, string>();
const MAX_HASHED = 1_000;

/** A short, KV-safe key for arbitrary list parameters. */
export async function hashKey(parts: unknown): Promise<string> {
  const text = JSON.stringify(parts);
  const known = hashed.get(text);
  if (known) return known;
  const key = (await digestHex("SHA-256", text)).slice(0, 32);
  setBounded(hashed, text, key, MAX_HASHED);
  return key;
}
