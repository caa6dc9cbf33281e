import { DurableObject } from "cloudflare:workers";
import {
  type CartLine,
  type CartView,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  priceCart,
} from "../src/cart/cart-view";
import { lookupSkus } from "../src/cart/catalog-lookup";
import { type CheckoutDeps, runCheckout } from "../src/checkout/saga";
import { readConfig } from "../src/config";
import { AppError, type FieldError, problemBody } from "../src/errors";
import { inventoryStub } from "../src/inventory";
import { paymentProvider } from "../src/payments";
import type { ShippingAddress } from "../src/schemas/orders";

export interface CartError {
  code: "not_found" | "insufficient_stock" | "validation_failed";
  detail: string;
  errors?: FieldError[];
}

export type CartResult = { ok: true; cart: CartView } | { ok: false; error: CartError };

const DAY_MS = 86_400_000;
const IDEMPOTENCY_TTL_MS = DAY_MS;

export interface CheckoutCall {
  shopperId: string;
  idempotencyKey: string;
  requestHash: string;
  email: string;
  shippingAddress: ShippingAddress;
  paymentToken: string;
}

/** The HTTP answer to a checkout, as first given (`replayed` when it comes from the record). */
export interface CheckoutReply {
  status: number;
  body: string;
  replayed: boolean;
}

interface CheckoutRecord extends Record<string, SqlStorageValue> {
  idempotency_key: string;
  request_hash: string;
  state: "in_progress" | "done";
  status: number | null;
  body: string | null;
}

function replay(seen: CheckoutRecord, requestHash: string): CheckoutReply {
  const problem = (err: AppError): CheckoutReply => ({
    status: err.status,
    body: JSON.stringify(problemBody(err)),
    replayed: false,
  });
  if (seen.request_hash !== requestHash) {
    return problem(
      new AppError(
        "idempotency_key_reused",
        "This Idempotency-Key was used with another request body.",
      ),
    );
  }
  if (seen.state === "in_progress" || seen.status === null || seen.body === null) {
    return problem(
      new AppError(
        "idempotency_in_progress",
        "A checkout with this Idempotency-Key is still running.",
      ),
    );
  }
  return { status: seen.status, body: seen.body, replayed: true };
}

/**
 * One shopper's cart. Every edit of one cart runs here, so edits from many devices are serialized.
 * Edits look things up (catalog in D1, stock in the sku's InventoryObject) before touching storage,
 * then read and write the line with no `await` in between: other requests may run while this one
 * awaits, and none of their changes can be lost.
 */
export class CartObject extends DurableObject<Env> {
  private readonly storage: SqlStorage;
  private schemaReady = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.storage = ctx.storage.sql;
  }

  /** SQLite storage, its tables created on first use (again after an expired cart deleted them). */
  private get sql(): SqlStorage {
    if (!this.schemaReady) {
      this.storage.exec(`CREATE TABLE IF NOT EXISTS lines (
        sku TEXT PRIMARY KEY,
        quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND ${MAX_LINE_QUANTITY}),
        added_at INTEGER NOT NULL
      )`);
      this.storage.exec(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      );
      this.storage.exec(`CREATE TABLE IF NOT EXISTS checkouts (
        idempotency_key TEXT PRIMARY KEY,
        request_hash TEXT NOT NULL,
        state TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        created_at INTEGER NOT NULL
      )`);
      this.schemaReady = true;
      // Even a cart that is only ever looked at must not outlive its TTL.
      this.scheduleExpiry();
    }
    return this.storage;
  }

  async view(): Promise<CartView> {
    const lines = this.lines();
    const catalog = await lookupSkus(
      this.env.DB,
      lines.map((l) => l.sku),
    );
    const gone = lines.filter((l) => !catalog.get(l.sku)?.active).map((l) => l.sku);
    for (const sku of gone) this.sql.exec("DELETE FROM lines WHERE sku = ?", sku);
    return priceCart(this.lines(), catalog, readConfig(this.env).storeCurrency, this.updatedAt());
  }

  async getLines(): Promise<CartLine[]> {
    return this.lines();
  }

  /** Adds `quantity` to the line of `sku`, within the line and cart limits and the stock available now. */
  async addItem(sku: string, quantity: number): Promise<CartResult> {
    const [catalog, available] = await Promise.all([
      lookupSkus(this.env.DB, [sku]),
      this.availableNow(sku),
    ]);
    if (!catalog.get(sku)?.active) return notFound(`No product sells sku ${sku}.`);

    const current = this.quantityOf(sku);
    if (current === 0 && this.lineCount() >= MAX_CART_LINES) {
      return invalid("sku", `a cart holds at most ${MAX_CART_LINES} lines`);
    }
    const wanted = current + quantity;
    if (wanted > MAX_LINE_QUANTITY) {
      return invalid(
        "quantity",
        `a line holds at most ${MAX_LINE_QUANTITY} (${current} already in the cart)`,
      );
    }
    if (wanted > available) return shortOf(sku, available, current);
    this.writeLine(sku, wanted);
    return { ok: true, cart: await this.view() };
  }

  /** Sets the line's quantity; 0 removes it. */
  async setQuantity(sku: string, quantity: number): Promise<CartResult> {
    if (quantity === 0) return this.removeItem(sku);
    if (this.quantityOf(sku) === 0) return notFound(`Sku ${sku} is not in the cart.`);
    const available = await this.availableNow(sku);
    // The line may have been removed while we waited for the inventory.
    if (this.quantityOf(sku) === 0) return notFound(`Sku ${sku} is not in the cart.`);
    if (quantity > available) return shortOf(sku, available, 0);
    this.writeLine(sku, quantity);
    return { ok: true, cart: await this.view() };
  }

  async removeItem(sku: string): Promise<CartResult> {
    if (this.quantityOf(sku) > 0) {
      this.sql.exec("DELETE FROM lines WHERE sku = ?", sku);
      this.touch();
    }
    return { ok: true, cart: await this.view() };
  }

  async clear(): Promise<void> {
    this.sql.exec("DELETE FROM lines");
    this.touch();
  }

  /**
   * Adds another cart's lines (a guest's, at login): quantities add up, capped by the line limit,
   * the stock available now and the cart's line limit. Lines that cannot fit are left out.
   */
  async mergeLines(incoming: CartLine[]): Promise<CartView> {
    const skus = incoming.map((l) => l.sku);
    const [catalog, available] = await Promise.all([
      lookupSkus(this.env.DB, skus),
      Promise.all(skus.map((sku) => this.availableNow(sku))),
    ]);
    incoming.forEach((line, i) => {
      if (!catalog.get(line.sku)?.active) return;
      const current = this.quantityOf(line.sku);
      if (current === 0 && this.lineCount() >= MAX_CART_LINES) return;
      const merged = Math.min(current + line.quantity, MAX_LINE_QUANTITY, available[i] ?? 0);
      if (merged > current) this.writeLine(line.sku, merged);
    });
    return this.view();
  }

  /**
   * Runs this shopper's checkout. Checkouts of one shopper run here, so the Idempotency-Key check
   * is race-free: the key is recorded as in progress before the first await, and a second request
   * with it sees that record. Final answers (2xx and 4xx) are stored and replayed for 24 hours.
   */
  async checkout(req: CheckoutCall): Promise<CheckoutReply> {
    const now = Date.now();
    this.sql.exec(
      "DELETE FROM checkouts WHERE state = 'done' AND created_at < ?",
      now - IDEMPOTENCY_TTL_MS,
    );
    const seen = this.sql
      .exec<CheckoutRecord>("SELECT * FROM checkouts WHERE idempotency_key = ?", req.idempotencyKey)
      .toArray()[0];
    if (seen) return replay(seen, req.requestHash);
    this.sql.exec(
      "INSERT INTO checkouts (idempotency_key, request_hash, state, created_at) VALUES (?, ?, 'in_progress', ?)",
      req.idempotencyKey,
      req.requestHash,
      now,
    );

    let reply: CheckoutReply;
    try {
      const { order, purchased } = await runCheckout(this.checkoutDeps(), {
        shopperId: req.shopperId,
        email: req.email,
        shippingAddress: req.shippingAddress,
        paymentToken: req.paymentToken,
        lines: this.lines(),
      });
      this.takeOut(purchased);
      reply = { status: 201, body: JSON.stringify(order), replayed: false };
    } catch (err) {
      if (!(err instanceof AppError)) {
        // Unknown failure after compensation: forget the key so the shopper can simply retry.
        this.sql.exec("DELETE FROM checkouts WHERE idempotency_key = ?", req.idempotencyKey);
        throw err;
      }
      reply = { status: err.status, body: JSON.stringify(problemBody(err)), replayed: false };
    }
    this.sql.exec(
      "UPDATE checkouts SET state = 'done', status = ?, body = ? WHERE idempotency_key = ?",
      reply.status,
      reply.body,
      req.idempotencyKey,
    );
    this.touch();
    return reply;
  }

  private checkoutDeps(): CheckoutDeps {
    const config = readConfig(this.env);
    return {
      db: this.env.DB,
      stock: (sku) => inventoryStub(this.env.INVENTORY, sku),
      payments: paymentProvider(this.env),
      enqueueFulfillment: async (orderId) => {
        await this.env.FULFILLMENT.send({ orderId });
      },
      rules: {
        currency: config.storeCurrency,
        shippingFlat: config.shippingFlat,
        freeShippingOver: config.freeShippingOver,
        holdTtlMs: config.holdTtlSeconds * 1000,
      },
    };
  }

  /** Takes bought units out of the cart; lines the shopper changed meanwhile keep the rest. */
  private takeOut(purchased: CartLine[]): void {
    for (const line of purchased) {
      const left = this.quantityOf(line.sku) - line.quantity;
      if (left > 0) this.writeLine(line.sku, left);
      else this.sql.exec("DELETE FROM lines WHERE sku = ?", line.sku);
    }
  }

  /** Fires only when the cart went untouched for the whole TTL: every touch moves the alarm. */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
    this.schemaReady = false;
  }

  private async availableNow(sku: string): Promise<number> {
    const result = await inventoryStub(this.env.INVENTORY, sku).level();
    return result.ok ? result.level.available : 0;
  }

  private lines(): CartLine[] {
    return this.sql
      .exec<{ sku: string; quantity: number }>(
        "SELECT sku, quantity FROM lines ORDER BY added_at, sku",
      )
      .toArray()
      .map((r) => ({ sku: r.sku, quantity: r.quantity }));
  }

  private quantityOf(sku: string): number {
    return (
      this.sql
        .exec<{ quantity: number }>("SELECT quantity FROM lines WHERE sku = ?", sku)
        .toArray()[0]?.quantity ?? 0
    );
  }

  private lineCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM lines").one().n;
  }

  private writeLine(sku: string, quantity: number): void {
    this.sql.exec(
      `INSERT INTO lines (sku, quantity, added_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity`,
      sku,
      quantity,
      Date.now(),
    );
    this.touch();
  }

  private updatedAt(): string {
    const row = this.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'updated_at'")
      .toArray()[0];
    return row?.value ?? new Date().toISOString();
  }

  /** Records the change time and pushes expiry out to a full TTL from now. */
  private touch(): void {
    const now = Date.now();
    this.sql.exec(
      "INSERT OR REPLACE INTO meta (key, value) VALUES ('updated_at', ?)",
      new Date(now).toISOString(),
    );
    this.scheduleExpiry(now);
  }

  private scheduleExpiry(now = Date.now()): void {
    void this.ctx.storage.setAlarm(now + readConfig(this.env).cartTtlDays * DAY_MS);
  }
}

const notFound = (detail: string): CartResult => ({
  ok: false,
  error: { code: "not_found", detail },
});

const invalid = (path: string, message: string): CartResult => ({
  ok: false,
  error: {
    code: "validation_failed",
    detail: `The cart cannot take this: ${message}.`,
    errors: [{ path, message }],
  },
});

function shortOf(sku: string, available: number, inCart: number): CartResult {
  const message =
    inCart > 0
      ? `only ${available} available and ${inCart} already in the cart`
      : `only ${available} available`;
  return {
    ok: false,
    error: {
      code: "insufficient_stock",
      detail: `Not enough stock of ${sku}: ${message}.`,
      errors: [{ path: `items.${sku}`, message }],
    },
  };
}
