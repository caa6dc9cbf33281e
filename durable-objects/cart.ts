import { DurableObject } from "cloudflare:workers";
import { type CartLine, MAX_CART_LINES, MAX_LINE_QUANTITY } from "../src/cart/cart-view";
import { readConfig } from "../src/config";
import { createDb } from "../src/db/client";
import type { PriceList } from "../src/markets/market";
import { discountAuthority } from "../src/promotions/authority";
import { discountRefusal } from "../src/promotions/cart-discount";
import { findDiscount } from "../src/promotions/discount-store";
import { isSku } from "../src/schemas/common";
import {
  type CancelAnswer,
  type CartError,
  type CartPlace,
  type CartResult,
  type CheckoutAnswer,
  type CheckoutCall,
  cartError,
  invalid,
  lineNotFound,
  locked,
  shortOf,
} from "./cart-contract";
import { CartLines } from "./cart-lines";
import { type Lookup, type LookupOptions, lookUpCart, pricedCart } from "./cart-lookup";
import { CartMarkets, type Entered } from "./cart-markets";
import { CartProcesses } from "./cart-processes";
import { GuestCartMerges } from "./guest-cart-merges";
import { migrateOnce } from "./migrate-once";
import migrations from "./migrations/cart/migrations.js";

/**
 * One shopper's cart, and the processes that take money from it: checkouts and cancels.
 * Every edit of one cart runs here, so edits from many devices are serialized. An edit looks up
 * the catalog rows of the cart's lines and of the sku, with its published stock (kept in memory by
 * catalog version, see `lookupCartSkus`) before touching storage, then checks the checkout lock
 * and writes the line with no `await` in between:
 * other requests may run while this one awaits, and none of their changes can be lost, nor land
 * in a cart that is being paid for. The answer is priced from that same lookup.
 */
export class CartObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly store: CartLines;
  private readonly processes: CartProcesses;
  private readonly merges: GuestCartMerges;
  private readonly markets: CartMarkets;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.store = new CartLines(
      this.sql,
      () => readConfig(env).cartTtlDays,
      () => void this.processes.armIfUnset(),
    );
    this.processes = new CartProcesses(ctx, env, {
      clearCart: () => {
        this.store.clear();
      },
      expiresAt: () => this.store.expiresAt(),
    });
    this.markets = new CartMarkets(ctx, env, this.store, () => this.processes.checkoutRunning());
    this.merges = new GuestCartMerges(this.sql, env.CART, {
      isLocked: () => this.isLocked(),
      checkoutRunning: () => this.processes.checkoutRunning(),
      lookUp: async (skus) =>
        this.lookUp(await this.markets.ownList(), { extra: skus, stocked: skus, fresh: true }),
      lineOf: (sku) => this.store.lineOf(sku),
      writeLine: (sku, quantity) => this.store.writeLine(sku, quantity),
    });
    ctx.blockConcurrencyWhile(() => migrateOnce(ctx.storage, migrations));
  }

  /** The cart in the request's market (moved there if it can be), priced for its place. */
  async view(place: CartPlace): Promise<CartResult> {
    await this.merges.mergeWhenFree();
    const entered = await this.markets.enter(place);
    if ("error" in entered) return entered;
    return {
      ok: true,
      cart: this.priced(entered, await this.lookUp(entered.list, { fresh: true })),
    };
  }

  /** Adds `quantity` to the line of `sku`, within the line and cart limits and the stock available now. */
  async addItem(place: CartPlace, sku: string, quantity: number): Promise<CartResult> {
    // A value that cannot be a sku names none: no lookup, no stock object made for it.
    if (!isSku(sku)) return lineNotFound(`No product sells sku ${sku.slice(0, 64)}.`);
    if (await this.isLocked()) return locked();
    const entered = await this.markets.enter(place);
    if ("error" in entered) return entered;
    const found = await this.lookUp(entered.list, { extra: [sku], stocked: [sku] });
    const { catalog, available } = found;
    const info = catalog.get(sku);
    if (!info?.active) {
      return lineNotFound(
        info?.listed
          ? `Sku ${sku} is not sold in ${entered.pricing.market.name}.`
          : `No product sells sku ${sku}.`,
      );
    }
    // A checkout may have started, or another request moved the cart to another market, while we
    // awaited: the cart a checkout is paying for must not change, nor take a price of another market.
    if (this.processes.checkoutRunning()) return locked();
    if (this.markets.movedSince(entered)) return this.addItem(place, sku, quantity);
    // The lines as they are now: other edits may have run while we awaited.
    const rows = this.store.lineRows();
    const current = rows.find((r) => r.sku === sku)?.quantity ?? 0;
    if (current === 0 && rows.length >= MAX_CART_LINES) {
      return invalid("sku", `a cart holds at most ${MAX_CART_LINES} lines`);
    }
    const wanted = current + quantity;
    if (wanted > MAX_LINE_QUANTITY) {
      return invalid(
        "quantity",
        `a line holds at most ${MAX_LINE_QUANTITY} (${current} already in the cart)`,
      );
    }
    const units = available.get(sku) ?? 0;
    if (wanted > units) return shortOf(sku, units, current);
    const now = Date.now();
    const updatedAt = this.store.writeLine(sku, wanted, now);
    // The answer is priced from the lines just read with this change, as a read now would find them.
    const after = current === 0 ? [...rows, { sku, quantity: wanted, addedAt: now }] : rows;
    const lines = after
      .sort((a, b) => a.addedAt - b.addedAt || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
      .map((r) => ({ sku: r.sku, quantity: r.sku === sku ? wanted : r.quantity }));
    return { ok: true, cart: this.priced(entered, found, lines, updatedAt) };
  }

  /** Sets the line's quantity; 0 removes it. */
  async setQuantity(place: CartPlace, sku: string, quantity: number): Promise<CartResult> {
    if (quantity === 0) return this.removeItem(place, sku);
    if (await this.isLocked()) return locked();
    if (this.store.quantityOf(sku) === 0) return lineNotFound(`Sku ${sku} is not in the cart.`);
    const entered = await this.markets.enter(place);
    if ("error" in entered) return entered;
    const found = await this.lookUp(entered.list, { stocked: [sku] });
    if (this.processes.checkoutRunning()) return locked();
    if (this.markets.movedSince(entered)) return this.setQuantity(place, sku, quantity);
    // The line may have been removed while we waited for the catalog.
    if (this.store.quantityOf(sku) === 0) return lineNotFound(`Sku ${sku} is not in the cart.`);
    const units = found.available.get(sku) ?? 0;
    if (quantity > units) return shortOf(sku, units, 0);
    this.store.writeLine(sku, quantity);
    return { ok: true, cart: this.priced(entered, found) };
  }

  /**
   * Removes a line, in any market: a line that keeps the cart out of the request's market can
   * always be taken out. Then the cart is moved into that market if it can be (else 409).
   */
  async removeItem(place: CartPlace, sku: string): Promise<CartResult> {
    if (await this.isLocked()) return locked();
    if (this.store.quantityOf(sku) > 0) {
      this.store.deleteLine(sku);
    }
    return this.view(place);
  }

  /**
   * Puts a code on the cart: 404 for no such code, 422 when it does not apply to this cart now,
   * 409 when its uses are all taken or held. The use itself is held at checkout, by the code's
   * authority; a cart carries at most one code (a new one replaces it).
   */
  async applyDiscount(place: CartPlace, code: string): Promise<CartResult> {
    if (await this.isLocked()) return locked();
    const definition = await findDiscount(createDb(this.env.DB), code);
    if (!definition) return lineNotFound(`There is no discount code ${code.slice(0, 32)}.`);
    const entered = await this.markets.enter(place, definition);
    if ("error" in entered) return entered;
    const found = await this.lookUp(entered.list, { fresh: true });
    const { cart, codeError } = this.pricedWithCode(entered, found);
    const refusal = await discountRefusal(definition, codeError, () =>
      discountAuthority(this.env.DISCOUNTS, definition.code).counts(),
    );
    if (refusal) return cartError(refusal);
    if (this.processes.checkoutRunning()) return locked();
    this.store.setDiscount(definition.code);
    return { ok: true, cart };
  }

  /** Takes the code off the cart (any code: the cart answers as it is). */
  async removeDiscount(place: CartPlace): Promise<CartResult> {
    if (await this.isLocked()) return locked();
    if (this.store.metaValue("discount") !== undefined) this.store.setDiscount(null);
    return this.view(place);
  }

  async clear(): Promise<{ ok: true } | { ok: false; error: CartError }> {
    if (await this.isLocked()) return locked();
    this.store.clear();
    return { ok: true };
  }

  /**
   * A guest's side of a merge at login: its lines and the cart's version, which
   * `forgetHandedOver` needs to empty it. No lines while a checkout holds the cart: those are
   * being bought.
   */
  async handOver(): Promise<{ lines: CartLine[]; version: number }> {
    const lines = (await this.isLocked()) ? [] : this.store.lines();
    return { lines, version: this.store.version() };
  }

  /** Empties the cart after its lines were merged elsewhere, unless it changed since `handOver`. */
  async forgetHandedOver(version: number): Promise<boolean> {
    if (this.store.version() !== version || this.processes.checkoutRunning()) return false;
    this.store.clear();
    return true;
  }

  /** Brings a guest's cart into this one at login: now, or once a checkout let go of it (see `GuestCartMerges`). */
  async mergeGuest(guestId: string): Promise<void> {
    return this.merges.mergeGuest(guestId);
  }

  /**
   * Runs this shopper's checkout as a durable state machine (see `CartProcesses`). The record,
   * the cart lock and the recovery alarm are written before the first `await`, so a second
   * request with the same key replays or waits, and one with another key is refused.
   */
  async checkout(req: CheckoutCall): Promise<CheckoutAnswer> {
    const reply = await this.startOrReplay(req);
    // A guest's cart merged at login while this checkout held the cart comes in now.
    await this.merges.mergeWhenFree();
    return reply;
  }

  /** Cancels one of this shopper's paid orders: claim, refund, restock, each step recorded. */
  async cancelOrder(orderId: string, shopperId: string): Promise<CancelAnswer> {
    return this.processes.cancel(orderId, shopperId);
  }

  /** Drives whatever is left of this order's checkout or cancel now (the reconciliation sweep). */
  async repairOrder(orderId: string): Promise<string> {
    const done = await this.processes.repair(orderId);
    await this.merges.mergeWhenFree();
    return done;
  }

  /** Test-only: makes a checkout or cancel step fail or crash (honoured only with CHECKOUT_FAULTS=on). */
  async injectFault(fault: Parameters<CartProcesses["inject"]>[0]): Promise<boolean> {
    return this.processes.inject(fault);
  }

  /**
   * Drives checkouts and cancels that are due (recovering the interrupted ones), and deletes the
   * cart once nobody touched it for its TTL and no process of it is unsettled.
   */
  override async alarm(): Promise<void> {
    await this.processes.runDue();
    await this.merges.mergeWhenFree();
    if (Date.now() >= this.store.expiresAt() && !this.processes.anyUnfinished()) {
      await this.ctx.storage.deleteAll();
      await migrateOnce(this.ctx.storage, migrations);
      return;
    }
    await this.processes.arm();
  }

  private async startOrReplay(req: CheckoutCall): Promise<CheckoutAnswer> {
    if (this.processes.checkoutRunning()) await this.processes.recoverStale();
    // Priced in the request's market: `pricing` refuses lines with no price there.
    const start = this.processes.startCheckout(req, this.store.lines(), {
      market: req.place.market,
      discountCode: this.store.metaValue("discount"),
    });
    if ("answer" in start) return start.answer;
    if ("seen" in start) return this.processes.replayCheckout(start.seen);
    this.store.touch();
    return this.processes.runCheckout(start.started);
  }

  /** Whether a checkout holds the cart, after settling one that an object reset left behind. */
  private async isLocked(): Promise<boolean> {
    if (!this.processes.checkoutRunning()) return false;
    await this.processes.recoverStale();
    return this.processes.checkoutRunning();
  }

  /** The catalog rows of the lines and `extra` skus in `list` (see `lookUpCart`). */
  private lookUp(list: PriceList, options: LookupOptions = {}): Promise<Lookup> {
    return lookUpCart(this.env, this.store.lines(), list, options);
  }

  private priced(entered: Entered, found: Lookup, current?: CartLine[], updatedAt?: string) {
    return this.pricedWithCode(entered, found, current, updatedAt).cart;
  }

  /** The cart priced, and why its code does not apply (null when it does, or it has none). */
  private pricedWithCode(entered: Entered, found: Lookup, lines?: CartLine[], at?: string) {
    const running = () => this.processes.checkoutRunning();
    return pricedCart(this.store, running, entered, found, lines, at);
  }
}
