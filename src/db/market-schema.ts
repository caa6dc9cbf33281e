import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { TAX_CLASSES } from "../tax/compute";

/**
 * Where the shop sells: each market has its countries, one currency, a locale and whether its
 * prices include tax. The default market's prices are the variants' own `price_amount`; any other
 * market's are in `prices`. Without any row the default market is made from the vars (see
 * `src/markets/load.ts`), so a shop that never set up markets answers as it always did.
 */
export const markets = sqliteTable(
  "markets",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    currency: text("currency").notNull(),
    locale: text("locale").notNull(),
    pricesIncludeTax: integer("prices_include_tax", { mode: "boolean" }).notNull(),
    /** ISO 3166-1 alpha-2 codes, as JSON; a country is in one market at most. */
    countries: text("countries", { mode: "json" }).$type<string[]>().notNull(),
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("markets_one_default").on(t.isDefault).where(sql`${t.isDefault} = 1`)],
);

/** A market's price list: a sku without a row here is not sold in that market. */
export const prices = sqliteTable(
  "prices",
  {
    sku: text("sku").notNull(),
    market: text("market").notNull(),
    amount: integer("amount").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.market, t.sku] }),
    index("prices_sku").on(t.sku),
    check("prices_amount_nonnegative", sql`${t.amount} >= 0`),
  ],
);

/**
 * Tax rates in basis points by country and class; `region` '' is the whole country, and a region's
 * row (e.g. a US state) replaces the country's for that class.
 */
export const taxRates = sqliteTable(
  "tax_rates",
  {
    country: text("country").notNull(),
    region: text("region").notNull().default(""),
    taxClass: text("tax_class", { enum: TAX_CLASSES }).notNull(),
    name: text("name").notNull(),
    rate: integer("rate").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.country, t.region, t.taxClass] }),
    check("tax_rates_rate", sql`${t.rate} BETWEEN 0 AND 10000`),
  ],
);

/** A market's shipping zone: the countries its methods ship to (`["*"]`: every other country). */
export const shippingZones = sqliteTable("shipping_zones", {
  id: text("id").primaryKey(),
  market: text("market").notNull(),
  name: text("name").notNull(),
  countries: text("countries", { mode: "json" }).$type<string[]>().notNull(),
  position: integer("position").notNull().default(0),
});

/** A way to ship in a zone, priced in its market's currency: flat, free from `free_over` when set. */
export const shippingMethods = sqliteTable("shipping_methods", {
  id: text("id").primaryKey(),
  zone: text("zone").notNull(),
  name: text("name").notNull(),
  amount: integer("amount").notNull(),
  freeOver: integer("free_over"),
  /** Shown to the shopper as is, e.g. "2–4 business days". */
  estimate: text("estimate"),
  taxClass: text("tax_class", { enum: TAX_CLASSES }).notNull().default("standard"),
  position: integer("position").notNull().default(0),
});
