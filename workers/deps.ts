import { catalogVersion } from "../src/catalog/cache";
import { picturesOfSkus } from "../src/catalog/gallery";
import { IMAGE_FILE_NAME } from "../src/catalog/image-upload";
import type { CheckoutDeps } from "../src/checkout/moves";
import { fulfillmentProviderOf, readConfig } from "../src/config";
import { createDb } from "../src/db/client";
import type { DrainDeps } from "../src/emails/drain";
import { emailProvider } from "../src/emails/index";
import type { FulfillDeps } from "../src/fulfillment/fulfill";
import { inventoryStub, stockShardStub } from "../src/inventory";
import { marketFallback, marketLocale, queryMarketSet } from "../src/markets/load";
import type { CancelDeps } from "../src/orders/cancel";
import { orderLinkOf } from "../src/orders/order-links";
import type { StoredOrder } from "../src/orders/read";
import { adminViews, findOrders } from "../src/orders/read";
import type { RefundDeps } from "../src/orders/refund";
import type { SweepDeps } from "../src/orders/sweep";
import { paymentProvider } from "../src/payments";
import type { StripeEventDeps } from "../src/payments/stripe-events";
import { discountAuthority } from "../src/promotions/authority";
import { boughtCardsOfOrder } from "../src/promotions/bought-cards";
import { giftCardAuthority } from "../src/promotions/gift-card-authority";
import type { GiftCardDeps } from "../src/promotions/gift-cards";
import type { TargetDeps } from "../src/promotions/targets";
import { finishPendingRefunds } from "../src/refunds/refund";
import type { ReturnDeps } from "../src/returns/returns";
import { readTheme } from "../src/theme/theme";
import { cancelOrderIn, cartStubFor } from "./carts";
import { renderAccountEmail } from "./emails/account-email";
import { renderOrderEmail } from "./emails/order-email";

/**
 * The composition root: every dependency the domain code of `src/` runs with, built from the
 * Worker's bindings and its validated configuration in this one place, for the API, the pages,
 * the queue consumer, the cron, the webhooks and the cart object's processes alike.
 */

/** Where a request's work may go on after its answer (`waitUntil`). */
interface Deferring {
  env: Env;
  executionCtx: Pick<ExecutionContext, "waitUntil">;
  req: { raw: Request };
}

/** The catalog version each request read, by request: its reads share one KV read of it. */
const versions = new WeakMap<Request, Promise<string>>();

/** Makes the request's next catalog read see the version its own write just made. */
export function forgetCatalogVersion(req: { raw: Request }) {
  versions.delete(req.raw);
}

/** Catalog reads: D1 behind the KV cache, with the published availability of each sku. */
export function catalogDeps({ env, executionCtx, req }: Deferring) {
  const config = readConfig(env);
  return {
    db: env.DB,
    kv: env.CATALOG_CACHE,
    ttlSeconds: config.catalogCacheTtlSeconds,
    availabilityTtlMs: config.availabilityTtlMs,
    defer: (work: Promise<unknown>) => executionCtx.waitUntil(work),
    version: () => {
      let version = versions.get(req.raw);
      if (!version) {
        version = catalogVersion(env.CATALOG_CACHE);
        versions.set(req.raw, version);
      }
      return version;
    },
  };
}

/** Catalog writes: D1, the cache they invalidate, and each new sku's stock object. */
export function catalogWriteDeps(env: Env) {
  return {
    db: createDb(env.DB),
    kv: env.CATALOG_CACHE,
    currency: readConfig(env).storeCurrency,
    markets: () => queryMarketSet(env.DB, marketFallback(readConfig(env))),
    setStock: (sku: string, onHand: number) =>
      inventoryStub(env.INVENTORY, sku).setOnHand(sku, onHand),
  };
}

/** Storing a product's picture: R2, and the catalog row and cache that point at it. */
export function imageUploadDeps(env: Env) {
  return { db: createDb(env.DB), kv: env.CATALOG_CACHE, bucket: env.IMAGES };
}

/** A refund of a fulfilled order: D1 and the payment provider. */
export const refundDeps = (env: Env): RefundDeps => ({
  db: env.DB,
  payments: paymentProvider(env),
  giftCards: (key) => giftCardAuthority(env.GIFT_CARDS, key),
});

/** Returns: a refund's deps, the return window, and the stock objects for what comes back. */
export const returnDeps = (env: Env): ReturnDeps => ({
  ...refundDeps(env),
  windowDays: readConfig(env).returnWindowDays,
  restock: async (sku, units, id) => {
    const result = await inventoryStub(env.INVENTORY, sku).adjustOnHand(units, id);
    if (!result.ok && result.reason !== "unknown_sku") {
      throw new Error(`restocking ${sku} for ${id}: ${result.reason}`);
    }
  },
});

/** Retrying a failed fulfillment: D1 and the fulfillment queue. */
export const retryDeps = (env: Env) => ({
  db: env.DB,
  enqueue: (orderId: string) => env.FULFILLMENT.send({ orderId }),
});

/** The fulfillment consumer's provider (FULFILLMENT_PROVIDER) and what it needs. */
export function fulfillDeps(env: Env): FulfillDeps {
  const config = readConfig(env);
  const { fulfillmentWebhookUrl: url, fulfillmentWebhookSecret: secret } = config;
  return {
    db: env.DB,
    provider: fulfillmentProviderOf(config),
    ...(url && secret ? { warehouse: { url, secret } } : {}),
    send: (target, init) => fetch(target, init),
    ordersById: async (ids) => adminViews(await findOrders(env.DB, ids)),
  };
}

/** The reconciliation sweep: D1, each shopper's cart object, and the fulfillment queue. */
export function sweepDeps(env: Env): SweepDeps {
  return {
    db: env.DB,
    repairOrder: (shopperId, orderId) => cartStubFor(env, shopperId).repairOrder(orderId),
    resendFulfillment: async (orderIds) => {
      await env.FULFILLMENT.sendBatch(orderIds.map((orderId) => ({ body: { orderId } })));
    },
    finishRefunds: (now) => finishPendingRefunds(refundDeps(env), now),
  };
}

/** Stripe's webhook events: D1, and the cart object that drives an interrupted checkout on. */
export function stripeEventDeps(env: Env): StripeEventDeps {
  return {
    db: env.DB,
    repair: (orderId, shopperId) => cartStubFor(env, shopperId).repairOrder(orderId),
    cancel: (orderId, shopperId) => cancelOrderIn(env, shopperId, orderId),
  };
}

/** A checkout's steps: D1, the skus' stock objects, the payment provider, the queue, the rules. */
export function checkoutDeps(env: Env): CheckoutDeps {
  const config = readConfig(env);
  return {
    db: env.DB,
    stock: (sku, shard = 0) => stockShardStub(env.INVENTORY, sku, shard),
    discounts: (code) => discountAuthority(env.DISCOUNTS, code),
    giftCards: (key) => giftCardAuthority(env.GIFT_CARDS, key),
    payments: paymentProvider(env),
    sendFulfillment: async (orderId, requestId) => {
      await env.FULFILLMENT.send({ orderId, requestId });
    },
    rules: { fallback: marketFallback(config), holdTtlMs: config.holdTtlSeconds * 1000 },
    giftCardSecret: env.JWT_SECRET,
  };
}

/** A cancel's steps: D1, the payment provider, the skus' stock objects. */
export function cancelDeps(env: Env): CancelDeps {
  return {
    ...refundDeps(env),
    stock: (sku, shard = 0) => stockShardStub(env.INVENTORY, sku, shard),
  };
}

/** An order's lines' uploaded pictures, absolute (email clients show no SVG, so no placeholder). */
async function emailPictures(db: D1Database, order: StoredOrder, origin: string) {
  const pictures = await picturesOfSkus(db, [...new Set(order.lines.map((l) => l.sku))]);
  return new Map(
    [...pictures]
      .filter(([, url]) => IMAGE_FILE_NAME.test(url.replace(/^\/images\//, "")))
      .map(([sku, url]) => [sku, `${origin}${url}`]),
  );
}

/** Sending the order emails of the outbox: D1, the email provider, and how they look. */
export function emailDrainDeps(env: Env): DrainDeps {
  const config = readConfig(env);
  return {
    db: env.DB,
    provider: emailProvider(env),
    render: async (kind, order, ref) => {
      const orderUrl = await orderLinkOf(env.JWT_SECRET, order);
      return renderOrderEmail(kind, order, {
        storeName: config.emailFromName,
        theme: await readTheme(createDb(env.DB)),
        pictures: orderUrl
          ? await emailPictures(env.DB, order, new URL(orderUrl).origin)
          : undefined,
        locale: await marketLocale(env.DB, order.market),
        giftCards:
          kind === "gift_cards_issued"
            ? await boughtCardsOfOrder(env.DB, env.JWT_SECRET, order)
            : [],
        ref,
        orderUrl,
      });
    },
    renderAccount: (kind, ref) =>
      renderAccountEmail(env.DB, env.JWT_SECRET, config.emailFromName, kind, ref),
    from: { name: config.emailFromName, address: config.emailFrom },
    maxAttempts: config.emailMaxAttempts,
  };
}

/** Writes of codes and automatic promotions: D1, the catalog version, and the markets as D1 has them. */
export async function promotionWriteDeps(env: Env): Promise<TargetDeps> {
  return {
    orm: createDb(env.DB),
    kv: env.CATALOG_CACHE,
    set: await queryMarketSet(env.DB, marketFallback(readConfig(env))),
  };
}

/** The gift card directory in D1 and each card's `GiftCardObject`. */
export const giftCardDeps = (env: Env): GiftCardDeps => ({
  orm: createDb(env.DB),
  card: (key) => giftCardAuthority(env.GIFT_CARDS, key),
});
