import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The tables inside each InventoryObject (Durable Object SQLite storage). Changes go through
 * `npm run db:generate:do`, and every object applies the migrations when it starts.
 */

/** The one row of the sku's stock. `version` counts changes; `published_version` the last in D1. */
export const stock = sqliteTable(
  "stock",
  {
    id: integer("id").primaryKey(),
    sku: text("sku").notNull(),
    onHand: integer("on_hand").notNull(),
    reserved: integer("reserved").notNull(),
    version: integer("version").notNull(),
    publishedVersion: integer("published_version").notNull().default(0),
    /** This object's place among the sku's stock shards (0: the home object, named by the sku). */
    shard: integer("shard").notNull().default(0),
    /** How many shards the sku has; kept by the home object, told to each shard. */
    shards: integer("shards").notNull().default(1),
  },
  (t) => [
    check("stock_one_row", sql`${t.id} = 1`),
    check("stock_on_hand", sql`${t.onHand} >= 0`),
    check("stock_reserved", sql`${t.reserved} >= 0`),
  ],
);

/** Units held by a checkout: `held`, then `committed` (sold) or `released`; `returned` after a cancel. */
export const holds = sqliteTable(
  "holds",
  {
    holdId: text("hold_id").primaryKey(),
    quantity: integer("quantity").notNull(),
    state: text("state").notNull(),
    expiresAt: integer("expires_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    check("holds_quantity", sql`${t.quantity} > 0`),
    index("holds_state_expiry").on(t.state, t.expiresAt),
  ],
);

/** Hold ids released before any hold was made with them: a late `hold` with one does nothing. */
export const holdTombstones = sqliteTable("hold_tombstones", {
  holdId: text("hold_id").primaryKey(),
  at: integer("at").notNull(),
});

/** Applied stock adjustments by request id, so a retried adjustment counts once. */
export const adjustments = sqliteTable("adjustments", {
  requestId: text("request_id").primaryKey(),
  delta: integer("delta").notNull(),
  at: integer("at").notNull(),
});

/**
 * Units moved between two shards of the sku, exactly once. The taker writes `asking` before it
 * asks and `received` with the units after; the giver writes `given` with the units as it takes
 * them off its stock. A taker that stopped in between asks again with the same id.
 */
export const transfers = sqliteTable("transfers", {
  id: text("id").primaryKey(),
  peer: integer("peer").notNull(),
  state: text("state").notNull(),
  units: integer("units"),
  at: integer("at").notNull(),
});
