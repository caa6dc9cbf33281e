import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as collectionSchema from "./collection-schema";
import * as marketSchema from "./market-schema";
import * as promotionSchema from "./promotion-schema";
import * as tables from "./schema";
import * as settingsSchema from "./settings-schema";

const schema = {
  ...tables,
  ...marketSchema,
  ...promotionSchema,
  ...settingsSchema,
  ...collectionSchema,
};

export type Db = ReturnType<typeof createDb>;

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

/** The `table.column` of a UNIQUE violation anywhere in an error's cause chain, if that is what it is. */
export function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const match = /UNIQUE constraint failed: ([\w.]+)/.exec(e.message);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** The time now as the tables store it (ISO 8601, milliseconds, UTC), for `updated_at` writes. */
export const sqlNow = sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
