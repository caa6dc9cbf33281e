import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The tables inside each GiftCardObject (one per gift card): the card, what checkouts spend of
 * it, and what refunds give back. Changes go through `npm run db:generate:do`.
 */

/** The card: issued once, in one currency, for `initial` minor units; a void card spends nothing. */
export const card = sqliteTable(
  "card",
  {
    id: integer("id").primaryKey(),
    currency: text("currency").notNull(),
    initial: integer("initial").notNull(),
    status: text("status", { enum: ["active", "void"] }).notNull(),
    issuedAt: integer("issued_at").notNull(),
  },
  (t) => [check("card_one", sql`${t.id} = 1`), check("card_initial", sql`${t.initial} > 0`)],
);

/**
 * A checkout's spend of the card: `held` until `committed` (its order is paid) or `released` (it
 * failed, or the hold expired). A released spend stays as a tombstone: a late retry of the same
 * hold id is refused, so it never spends again.
 */
export const spends = sqliteTable(
  "spends",
  {
    holdId: text("hold_id").primaryKey(),
    amount: integer("amount").notNull(),
    state: text("state", { enum: ["held", "committed", "released"] }).notNull(),
    expiresAt: integer("expires_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("spends_state").on(t.state, t.expiresAt)],
);

/** Money given back to the card by a refund of a spend (`credit_id`: the refund's, once). */
export const credits = sqliteTable("credits", {
  creditId: text("credit_id").primaryKey(),
  holdId: text("hold_id").notNull(),
  amount: integer("amount").notNull(),
  at: integer("at").notNull(),
});
