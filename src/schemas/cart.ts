import * as z from "zod";
import { MoneySchema, SkuSchema } from "./common";
import { TaxLineSchema } from "./markets";

export const CartItemSchema = z
  .object({
    sku: z.string(),
    productSlug: z.string(),
    imageUrl: z.string(),
    title: z.string(),
    variantTitle: z.string(),
    unitPrice: MoneySchema,
    quantity: z.number().int(),
    lineTotal: MoneySchema,
  })
  .meta({ id: "CartItem" });

export const CartSchema = z
  .object({
    items: z.array(CartItemSchema),
    itemCount: z.number().int(),
    subtotal: MoneySchema,
    updatedAt: z.string(),
    market: z.string(),
    country: z.string().nullable(),
    discounts: z.array(
      z.object({ code: z.string().nullable(), title: z.string(), amount: MoneySchema }),
    ),
    shipping: MoneySchema.optional(),
    tax: MoneySchema,
    taxLines: z.array(TaxLineSchema),
    total: MoneySchema,
    pricesIncludeTax: z.boolean(),
  })
  .meta({ id: "Cart" });

export const AddCartItemSchema = z
  .strictObject({ sku: SkuSchema, quantity: z.number().int().min(1).max(99) })
  .meta({ id: "AddCartItem" });

export const SetCartQuantitySchema = z
  .strictObject({ quantity: z.number().int().min(0).max(99) })
  .meta({ id: "SetCartQuantity" });
