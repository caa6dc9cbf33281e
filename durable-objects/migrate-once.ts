import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";

type Migrations = Parameters<typeof migrate>[1];

/** Where an object notes the last migration applied to its storage. */
const APPLIED_KEY = "schema:applied";

/**
 * Applies an object's migrations (drizzle-kit's) unless its storage notes that the latest one is
 * applied already: an object that wakes up pays one key read, not drizzle's migration
 * transaction. The note is written only after the migrations succeeded; a storage that was wiped
 * (`deleteAll`) loses it with everything else and is migrated afresh.
 */
export async function migrateOnce(
  storage: DurableObjectStorage,
  migrations: Migrations,
): Promise<void> {
  const latest = migrations.journal.entries.at(-1)?.when;
  if (latest !== undefined && storage.kv.get(APPLIED_KEY) === latest) return;
  await migrate(drizzle(storage), migrations);
  storage.kv.put(APPLIED_KEY, latest);
}
