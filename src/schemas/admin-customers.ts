import * as z from "zod";
import { SavedAddressSchema } from "./addresses";
import { MoneySchema } from "./common";
import { OrderStatusSchema } from "./orders";

export const CustomerSummarySchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    emailVerified: z.boolean(),
    /** Orders placed (paid or later; not the ones that never got to payment). */
    orders: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: "CustomerSummary" });

export const CustomerDetailSchema = CustomerSummarySchema.extend({
  pendingEmail: z.string().nullable(),
  addresses: z.array(SavedAddressSchema),
  recentOrders: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      status: OrderStatusSchema,
      total: MoneySchema,
      createdAt: z.string(),
    }),
  ),
}).meta({ id: "CustomerDetail" });

export const CustomerSearchSchema = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;
