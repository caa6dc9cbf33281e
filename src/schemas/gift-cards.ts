import * as z from "zod";
import { MoneySchema } from "./common";

export const NewGiftCardSchema = z
  .strictObject({
    amount: MoneySchema.refine((m) => m.amount > 0 && m.amount <= 100_000_000, {
      message: "more than 0, in minor units",
    }),
    note: z.string().trim().max(200).optional(),
  })
  .meta({ id: "NewGiftCard" });

export const GiftCardCodeSchema = z
  .strictObject({ code: z.string().trim().min(4).max(64) })
  .meta({ id: "GiftCardCode" });

export const GiftCardSchema = z
  .object({
    id: z.string(),
    last4: z.string(),
    currency: z.string(),
    initialAmount: MoneySchema,
    balance: MoneySchema,
    held: MoneySchema,
    status: z.enum(["active", "void"]),
    source: z.enum(["admin", "order"]),
    orderId: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "GiftCard" });

/** A card just issued: the only time its code is shown. */
export const IssuedGiftCardSchema = GiftCardSchema.extend({
  code: z.string(),
}).meta({ id: "IssuedGiftCard" });

/** What a shopper learns of a card from its code. */
export const GiftCardBalanceSchema = z
  .object({ last4: z.string(), balance: MoneySchema, status: z.enum(["active", "void"]) })
  .meta({ id: "GiftCardBalance" });

export type GiftCard = z.infer<typeof GiftCardSchema>;
