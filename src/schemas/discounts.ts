import * as z from "zod";
import { DISCOUNT_KINDS, DISCOUNT_STATUSES } from "../db/promotion-schema";
import { nullablePartial } from "../promotions/patch";
import { MarketIdSchema, MoneySchema } from "./common";

export const DiscountCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$/, "3 to 32 letters, digits, hyphens or underscores");

export const isoTime = z.iso.datetime({ offset: true });

/** What a code or a promotion takes off: a percent, or an amount in one currency. */
export const valueFields = {
  value: z.number().int().min(1).max(1_000_000_000).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
};

export const targetFields = {
  markets: z.array(MarketIdSchema).min(1).max(50).optional(),
  skus: z.array(z.string().min(1).max(64)).min(1).max(200).optional(),
  categories: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
};

interface RuleFields {
  kind: string;
  value?: number | undefined;
  currency?: string | undefined;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
}

/** The checks a code's and an automatic promotion's fields share: a value that fits the kind. */
export function ruleIssues(d: RuleFields, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  if (d.kind === "percentage" && (d.value === undefined || d.value > 100)) {
    issue("value", "a percentage from 1 to 100");
  }
  if (d.kind === "fixed" && d.value === undefined) issue("value", "minor units of `currency`");
  if (d.kind === "fixed" && d.currency === undefined) issue("currency", "the currency of `value`");
  if ((d.kind === "free_shipping" || d.kind === "buy_x_get_y") && d.value !== undefined) {
    issue("value", `none for ${d.kind}`);
  }
  if (d.kind !== "fixed" && d.currency !== undefined) issue("currency", "only with `fixed`");
  if (d.startsAt && d.endsAt && Date.parse(d.endsAt) <= Date.parse(d.startsAt)) {
    issue("endsAt", "after `startsAt`");
  }
}

const discountFields = z.strictObject({
  code: DiscountCodeSchema,
  kind: z.enum(DISCOUNT_KINDS),
  ...valueFields,
  usageLimit: z.number().int().min(1).max(10_000_000).optional(),
  perCustomerLimit: z.number().int().min(1).max(1_000).optional(),
  startsAt: isoTime.optional(),
  endsAt: isoTime.optional(),
  minSubtotal: MoneySchema.optional(),
  ...targetFields,
});

export const NewDiscountSchema = discountFields.superRefine(ruleIssues).meta({ id: "NewDiscount" });

export const DiscountSchema = z
  .object({
    code: z.string(),
    kind: z.enum(DISCOUNT_KINDS),
    value: z.number().int().nullable(),
    currency: z.string().nullable(),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    minSubtotal: MoneySchema.nullable(),
    markets: z.array(z.string()).nullable(),
    skus: z.array(z.string()).nullable(),
    categories: z.array(z.string()).nullable(),
    status: z.enum(DISCOUNT_STATUSES),
    createdAt: z.string(),
    used: z.number().int(),
    held: z.number().int(),
  })
  .meta({ id: "Discount" });

export type NewDiscount = z.infer<typeof NewDiscountSchema>;
export type Discount = z.infer<typeof DiscountSchema>;

/**
 * A change to a code: any of its fields but the code (null removes one), or its status (an ended
 * code stays ended). The code as changed is checked as a new one would be.
 */
export const DiscountPatchSchema = z
  .strictObject({
    ...nullablePartial(discountFields.omit({ code: true, kind: true }).shape),
    status: z.enum(DISCOUNT_STATUSES).optional(),
  })
  .meta({ id: "DiscountPatch" });

export const DISCOUNT_INPUT_KEYS = Object.keys(discountFields.shape) as (keyof NewDiscount)[];
export type DiscountPatch = z.infer<typeof DiscountPatchSchema>;
