import * as z from "zod";
import { DISCOUNT_STATUSES, PROMOTION_KINDS } from "../db/promotion-schema";
import { nullablePartial } from "../promotions/patch";
import { MoneySchema } from "./common";
import { isoTime, ruleIssues, targetFields, valueFields } from "./discounts";

const promotionFields = z.strictObject({
  title: z.string().trim().min(1).max(80),
  kind: z.enum(PROMOTION_KINDS),
  ...valueFields,
  buyQuantity: z.number().int().min(1).max(99).optional(),
  getQuantity: z.number().int().min(1).max(99).optional(),
  ...targetFields,
  minSubtotal: MoneySchema.optional(),
  startsAt: isoTime.optional(),
  endsAt: isoTime.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

const kindFits = (d: z.infer<typeof promotionFields>, ctx: z.RefinementCtx) => {
  ruleIssues(d, ctx);
  if (d.kind !== "buy_x_get_y" && (d.buyQuantity !== undefined || d.getQuantity !== undefined)) {
    ctx.addIssue({ code: "custom", path: ["buyQuantity"], message: "only with `buy_x_get_y`" });
  }
};

export const NewPromotionSchema = promotionFields
  .superRefine(kindFits)
  .meta({ id: "NewPromotion" });

/**
 * A change to a promotion: any of its fields but its kind (null removes one), or its status (an
 * ended one stays ended). The promotion as changed is checked as a new one would be.
 */
export const PromotionPatchSchema = z
  .strictObject({
    ...nullablePartial(promotionFields.omit({ kind: true }).shape),
    status: z.enum(DISCOUNT_STATUSES).optional(),
  })
  .meta({ id: "PromotionPatch" });

export const PROMOTION_INPUT_KEYS = Object.keys(promotionFields.shape) as (keyof NewPromotion)[];

export const PromotionSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(PROMOTION_KINDS),
    value: z.number().int().nullable(),
    currency: z.string().nullable(),
    buyQuantity: z.number().int().nullable(),
    getQuantity: z.number().int().nullable(),
    skus: z.array(z.string()).nullable(),
    categories: z.array(z.string()).nullable(),
    markets: z.array(z.string()).nullable(),
    minSubtotal: MoneySchema.nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    status: z.enum(DISCOUNT_STATUSES),
    position: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: "Promotion" });

export type NewPromotion = z.infer<typeof NewPromotionSchema>;
export type PromotionPatch = z.infer<typeof PromotionPatchSchema>;
