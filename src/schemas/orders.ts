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
    payment: z
      .strictObject({ token: z.string().min(1).max(255) })
      .optional()
      .meta({ description: "The card; may be left out when `giftCard` pays the whole total" }),
    giftCard: z.string().trim().min(4).max(64).optional().meta({
      description:
        "A gift card's code: it pays what it can of the total, the card the rest (without `payment`, it must pay all)",
    }),
    shippingMethod: MarketIdSchema.optional().meta({
      description:
        "A method id from /cart/shipping-options; default the cheapest for the address's country",
    }),
    expectedTotal: MoneySchema.optional().meta({
      description:
        "The total the shopper was shown, tax and shipping included; if the repriced total differs: 409 price_changed",
    }),
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
    number: z.number().int().meta({ description: "1, 2, … in the order" }),
    source: z.enum(SHIPMENT_SOURCES).meta({
      description:
        "`merchant`: recorded in the back office or the admin API; `warehouse`: confirmed by the fulfillment webhook; `simulated`: no real parcel (local development)",
    }),
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
    number: z.string().meta({ description: "What people call the order: 1001, 1002, …" }),
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
        discount: MoneySchema.meta({
          description:
            "The part of the order's discounts allocated to this line (tax is on `lineTotal` less it)",
        }),
      }),
    ),
    giftCard: z
      .object({ last4: z.string(), amount: MoneySchema })
      .nullable()
      .meta({ description: "The gift card's part of `total`; the card paid the rest" }),
    subtotal: MoneySchema,
    discountTotal: MoneySchema,
    discounts: z.array(
      z.object({ code: z.string().nullable(), title: z.string(), amount: MoneySchema }),
    ),
    shipping: MoneySchema,
    tax: MoneySchema.meta({
      description: "Added to the total, or contained in it when `pricesIncludeTax`.",
    }),
    taxLines: z.array(TaxLineSchema),
    total: MoneySchema,
    refundedTotal: MoneySchema.meta({
      description: "What the order's settled refunds gave back, from every source",
    }),
    netTotal: MoneySchema.meta({ description: "`total` less `refundedTotal`" }),
    paymentStatus: z.enum(PAYMENT_STATUSES).meta({
      description:
        "Beside `status` (where the goods are): `unpaid` until paid (or when the payment failed), then `paid`, `partially_refunded` or `refunded` (nothing left of the capture)",
    }),
    pricesIncludeTax: z.boolean(),
    shippingMethod: z.object({ id: z.string(), name: z.string() }),
    shippingAddress: ShippingAddressSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    shipments: z.array(ShipmentSchema).meta({
      description:
        "The parcels that left, in order; `status` is `fulfilled` once nothing is left to ship",
    }),
    events: z.array(z.looseObject({ type: z.string(), at: z.string() })),
  })
  .meta({ id: "Order" });

export const OrderListQuerySchema = ListQuerySchema;

export const AdminOrderListQuerySchema = ListQuerySchema.extend({
  status: OrderStatusSchema.optional(),
});

export type ShippingAddress = z.infer<typeof ShippingAddressSchema>;
export type Order = z.infer<typeof OrderSchema>;
