import { lookupSkus } from "../src/cart/catalog-lookup";
import { readConfig } from "../src/config";
import { createDb } from "../src/db/client";
import { marketFallback, marketSet } from "../src/markets/load";
import {
  defaultMarket,
  type MarketSet,
  marketById,
  type PriceList,
  priceListOf,
} from "../src/markets/market";
import { type CartPricing, cartPricing } from "../src/markets/place";
import { type DiscountDefinition, findDiscount } from "../src/promotions/discount-store";
import { type CartError, type CartPlace, cannotMove, locked } from "./cart-contract";
import type { CartLines } from "./cart-lines";

/** The market a request found the cart in (after moving it there), and how it is priced. */
export interface Entered {
  list: PriceList;
  pricing: CartPricing;
}

export type Refusal = { ok: false; error: CartError };

/** How many times a move between markets looks again when an edit changed the cart meanwhile. */
const MOVE_TRIES = 3;

/**
 * Which market a cart is in (`meta.market`; the default's until it first moved) and its moves
 * between markets. A cart is priced in one market; a request from another moves it there.
 */
export class CartMarkets {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly store: CartLines,
    private readonly checkoutRunning: () => boolean,
  ) {}

  /** The markets, as catalog reads see them (cached by catalog version). */
  markets(): Promise<MarketSet> {
    const config = readConfig(this.env);
    return marketSet({
      db: this.env.DB,
      kv: this.env.CATALOG_CACHE,
      ttlSeconds: config.catalogCacheTtlSeconds,
      defer: (work) => this.ctx.waitUntil(work),
      fallback: marketFallback(config),
    });
  }

  /** The code the cart carries, as D1 defines it now (null: none, or one deleted since). */
  async discount(): Promise<DiscountDefinition | null> {
    const code = this.store.metaValue("discount");
    return code ? findDiscount(createDb(this.env.DB), code) : null;
  }

  /** Whether another request moved the cart out of the market `entered` found it in. */
  movedSince(entered: Entered): boolean {
    return (this.store.metaValue("market") ?? entered.list.market) !== entered.list.market;
  }

  /** The price list of the cart's own market (a market that is gone: the default's). */
  async ownList(): Promise<PriceList> {
    const set = await this.markets();
    const market = marketById(set, this.store.metaValue("market") ?? "") ?? defaultMarket(set);
    return priceListOf(set, market);
  }

  /**
   * Moves the cart into the request's market, repriced there, unless a line has no price in it
   * (`market_mismatch`, naming those lines) or a checkout holds the cart. An empty cart just
   * moves. A cart whose market is gone moves like any other. Priced with `discount` when given
   * (a code being put on the cart), else with the code the cart carries.
   */
  async enter(place: CartPlace, discount?: DiscountDefinition): Promise<Entered | Refusal> {
    const set = await this.markets();
    const market = marketById(set, place.market) ?? defaultMarket(set);
    const entered = {
      list: priceListOf(set, market),
      pricing: cartPricing(set, market, place, discount ?? (await this.discount())),
    };
    for (let tries = 0; tries < MOVE_TRIES; tries++) {
      const current = this.store.metaValue("market") ?? set.defaultId;
      if (current === market.id) return entered;
      const lines = this.store.lines();
      const version = this.store.version();
      if (lines.length > 0) {
        const found = await lookupSkus(
          this.env.DB,
          lines.map((l) => l.sku),
          entered.list,
        );
        const stuck = lines.filter((l) => {
          const part = found.get(l.sku);
          return part?.listed === true && !part.active;
        });
        if (stuck.length > 0) {
          return cannotMove(
            stuck.map((l) => l.sku),
            market.name,
            current,
          );
        }
      }
      if (this.checkoutRunning()) return locked();
      // An edit while the lines were looked up may have added one: look again.
      if (this.store.version() !== version) continue;
      this.store.setMarket(market.id);
      return entered;
    }
    return locked();
  }
}
