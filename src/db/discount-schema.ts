import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The table inside each DiscountObject (one per discount code): its redemptions. Changes go
 * through `npm run db:generate:do`, and every object applies the migrations when it starts.
 */

/**
 * A checkout's use of the code: `held` until it is `committed` (the order is paid) or `released`
 * (the checkout failed, or the hold expired). A released redemption stays, as a tombstone: the
 * same hold id asked again later is refused, so a late retry never takes a use back.
 */
export const redemptions = sqliteTable(
  "redemptions",
  {
    holdId: text("hold_id").primaryKey(),
    /** Who redeems: `customer:<id>`, or `email:<lower-cased email>` for a guest. */
    customer: text("customer").notNull(),
    state: text("state", { enum: ["held", "committed", "released"] }).notNull(),
    expiresAt: integer("expires_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("redemptions_state").on(t.state, t.expiresAt),
    index("redemptions_customer").on(t.customer, t.state),
  ],
);
