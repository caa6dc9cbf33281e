import * as z from "zod";

export const MoneySchema = z
  .object({
    amount: z.number().int().min(0).max(1_000_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD"),
  })
  .meta({ id: "Money" });

export const SlugSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase words joined by hyphens");

export const SkuSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, dot, underscore or hyphen");

export const MarketIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, "lowercase letters, digits and hyphens, e.g. eu");

/** Whether a value from a URL or form can be a slug or a sku at all (and so a key, a DO name). */
export const isSlug = (value: string) => SlugSchema.safeParse(value).success;
export const isSku = (value: string) => SkuSchema.safeParse(value).success;

export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
