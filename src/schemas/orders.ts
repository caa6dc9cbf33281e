import { z } from "zod";
import { ORDER_STATUSES } from "../db/schema";
import { ListQuerySchema, MoneySchema } from "./common";

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
    payment: z.strictObject({ token: z.string().min(1).max(255) }),
    expectedTotal: MoneySchema.optional().meta({
      description:
        "The total the shopper was shown; if the repriced total differs: 409 price_changed",
    }),
  })
  .meta({ id: "Checkout" });

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,255}$/;

export const OrderStatusSchema = z.enum(ORDER_STATUSES);

export const OrderSchema = z
  .object({
    id: z.string(),
    status: OrderStatusSchema,
    email: z.string(),
    lines: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        variantTitle: z.string(),
        unitPrice: MoneySchema,
        quantity: z.number().int(),
        lineTotal: MoneySchema,
      }),
    ),
    subtotal: MoneySchema,
    shipping: MoneySchema,
    total: MoneySchema,
    shippingAddress: ShippingAddressSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    events: z.array(z.looseObject({ type: z.string(), at: z.string() })),
  })
  .meta({ id: "Order" });

export const OrderListQuerySchema = ListQuerySchema;

export const AdminOrderListQuerySchema = ListQuerySchema.extend({
  status: OrderStatusSchema.optional(),
});

export type ShippingAddress = z.infer<typeof ShippingAddressSchema>;
export type Order = z.infer<typeof OrderSchema>;
