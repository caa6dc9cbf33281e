import { z } from "zod";
import { MoneySchema, SkuSchema } from "./common";

export const CartItemSchema = z
  .object({
    sku: z.string(),
    productSlug: z.string(),
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
  })
  .meta({ id: "Cart" });

export const AddCartItemSchema = z
  .strictObject({ sku: SkuSchema, quantity: z.number().int().min(1).max(99) })
  .meta({ id: "AddCartItem" });

export const SetCartQuantitySchema = z
  .strictObject({ quantity: z.number().int().min(0).max(99) })
  .meta({ id: "SetCartQuantity" });
