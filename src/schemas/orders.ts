import * as z from "zod";
import { SHIPMENT_SOURCES } from "../db/fulfillment-schema";
import { ORDER_STATUSES } from "../db/schema";
import { ListQuerySchema, MarketIdSchema, MoneySchema } from "./common";
import { TaxLineSchema } from "./markets";

export const ShippingAddressSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code such as US"),
  })
  .meta({ id: "ShippingAddress" });

export const CheckoutSchema = z
  .strictObject({
    email: z.email().max(254),
    shippingAddress: ShippingAddressSchema,
    payment: z.strictObject({ token: z.string().min(1).max(255) }).optional(),
    giftCard: z.string().trim().min(4).max(64).optional(),
    shippingMethod: MarketIdSchema.optional(),
    expectedTotal: MoneySchema.optional(),
  })
  .superRefine((d, ctx) => {
    if (!d.payment && !d.giftCard) {
      ctx.addIssue({ code: "custom", path: ["payment"], message: "a payment, or a gift card" });
    }
  })
  .meta({ id: "Checkout" });

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,255}$/;

export const OrderStatusSchema = z.enum(ORDER_STATUSES);

export const PAYMENT_STATUSES = ["unpaid", "paid", "partially_refunded", "refunded"] as const;

/** Lines that name each sku once (a parcel, a return). */
export const eachSkuOnce = (lines: readonly { sku: string }[]) =>
  new Set(lines.map((l) => l.sku)).size === lines.length;

export const ShipmentLineSchema = z.object({
  sku: z.string().min(1).max(100),
  quantity: z.number().int().min(1).max(10_000),
});

export const ShipmentSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    source: z.enum(SHIPMENT_SOURCES),
    lines: z.array(ShipmentLineSchema),
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    trackingUrl: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Shipment" });

export const OrderSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    status: OrderStatusSchema,
    email: z.string(),
    market: z.string(),
    currency: z.string(),
    lines: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        variantTitle: z.string(),
        unitPrice: MoneySchema,
        quantity: z.number().int(),
        lineTotal: MoneySchema,
        discount: MoneySchema,
      }),
    ),
    giftCard: z.object({ last4: z.string(), amount: MoneySchema }).nullable(),
    subtotal: MoneySchema,
    discountTotal: MoneySchema,
    discounts: z.array(
      z.object({ code: z.string().nullable(), title: z.string(), amount: MoneySchema }),
    ),
    shipping: MoneySchema,
    tax: MoneySchema,
    taxLines: z.array(TaxLineSchema),
    total: MoneySchema,
    refundedTotal: MoneySchema,
    netTotal: MoneySchema,
    paymentStatus: z.enum(PAYMENT_STATUSES),
    pricesIncludeTax: z.boolean(),
    shippingMethod: z.object({ id: z.string(), name: z.string() }),
    shippingAddress: ShippingAddressSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    shipments: z.array(ShipmentSchema),
    events: z.array(z.looseObject({ type: z.string(), at: z.string() })),
  })
  .meta({ id: "Order" });

export const OrderListQuerySchema = ListQuerySchema;

export const AdminOrderListQuerySchema = ListQuerySchema.extend({
  status: OrderStatusSchema.optional(),
});

export type ShippingAddress = z.infer<typeof ShippingAddressSchema>;
export type Order = z.infer<typeof OrderSchema>;
