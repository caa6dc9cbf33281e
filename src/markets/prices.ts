import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { chunks } from "../db/chunks";
import type { Db } from "../db/client";
import { prices } from "../db/market-schema";
import { variants } from "../db/schema";
import type { FieldError } from "../errors";
import type { Money } from "../money";
import type { TaxClass } from "../tax/compute";
import { type MarketSet, marketById } from "./market";

/** A price to set for a sku in one market; `null` stops selling it there. */
export interface MarketPrice {
  market: string;
  price: Money | null;
}

/**
 * What is wrong with `entries`: a market that does not exist, or a price not in its market's
 * currency. The default market's price is the variant's own `price`, set there.
 */
export function checkMarketPrices(
  set: MarketSet,
  entries: readonly MarketPrice[],
  path: string,
): FieldError[] {
  return entries.flatMap((entry, i): FieldError[] => {
    const market = marketById(set, entry.market);
    if (!market) return [{ path: `${path}.${i}.market`, message: "no such market" }];
    if (market.id === set.defaultId) {
      return [{ path: `${path}.${i}.market`, message: "the default market's price is `price`" }];
    }
    if (entry.price && entry.price.currency !== market.currency) {
      return [{ path: `${path}.${i}.price.currency`, message: `must be ${market.currency}` }];
    }
    return [];
  });
}

/** Three bound values a row: a multi-row insert stays under D1's 100 per statement. */
const PRICE_ROWS_PER_INSERT = 33;

/**
 * The statements that set every sku's prices in `bySku` (for new variants), a few rows to a
 * statement so a bulk create stays a few queries.
 */
export function newPriceStatements(
  db: Db,
  bySku: readonly {
    sku: string;
    prices?: readonly { market: string; price: Money }[] | undefined;
  }[],
): BatchItem<"sqlite">[] {
  const rows = bySku.flatMap(({ sku, prices: list = [] }) =>
    list.map(({ market, price }) => ({ market, sku, amount: price.amount })),
  );
  return chunks(rows, PRICE_ROWS_PER_INSERT).map((part) =>
    db
      .insert(prices)
      .values(part)
      .onConflictDoUpdate({
        target: [prices.market, prices.sku],
        set: { amount: sql`excluded.amount` },
      }),
  );
}

/** The statements that set (or, for `null`, remove) `sku`'s prices in `entries`' markets. */
export function marketPriceStatements(
  db: Db,
  sku: string,
  entries: readonly MarketPrice[],
): BatchItem<"sqlite">[] {
  return entries.map(({ market, price }) =>
    price === null
      ? db.delete(prices).where(and(eq(prices.market, market), eq(prices.sku, sku)))
      : db
          .insert(prices)
          .values({ market, sku, amount: price.amount })
          .onConflictDoUpdate({
            target: [prices.market, prices.sku],
            set: { amount: price.amount },
          }),
  );
}

/** What the back office edits of a sku beside its variant: its tax class and its price in each market. */
export interface SkuSettings {
  taxClass: TaxClass;
  /** Minor units by market id (the default market's is the variant's own price). */
  prices: Map<string, number>;
}

export async function skuSettings(
  db: Db,
  set: MarketSet,
  skus: readonly string[],
): Promise<Map<string, SkuSettings>> {
  const out = new Map<string, SkuSettings>();
  if (skus.length === 0) return out;
  const list = sql.join(
    skus.map((s) => sql`${s}`),
    sql`, `,
  );
  const [own, listed] = await db.batch([
    db
      .select({ sku: variants.sku, amount: variants.priceAmount, taxClass: variants.taxClass })
      .from(variants)
      .where(sql`${variants.sku} IN (${list})`),
    db.select().from(prices).where(sql`${prices.sku} IN (${list})`),
  ]);
  for (const row of own) {
    out.set(row.sku, { taxClass: row.taxClass, prices: new Map([[set.defaultId, row.amount]]) });
  }
  for (const row of listed) out.get(row.sku)?.prices.set(row.market, row.amount);
  return out;
}
