import * as z from "zod";
import { LISTING_SORTS } from "../catalog/listing";
import { TAX_CLASSES } from "../tax/compute";
import { ListQuerySchema, MarketIdSchema, MoneySchema, SkuSchema, SlugSchema } from "./common";

// A path on this site starts with one "/" and never "//" or "/\": browsers read those as
// another host. No backslash anywhere, since browsers turn it into "/".
const ImageUrlSchema = z
  .string()
  .max(2048)
  .regex(
    /^(https:\/\/[^\s"'<>\\]+|\/(?![/\\])[^\s"'<>\\]*)$/,
    "an https URL or a path on this site",
  );

export const ProductSummarySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    category: z.string(),
    imageUrl: z.string(),
    price: MoneySchema,
    inStock: z.boolean(),
  })
  .meta({ id: "ProductSummary" });

/** A product's option axes (Size, Colour), each with its values in order; at most three. */
export const ProductOptionsSchema = z
  .array(
    z.strictObject({
      name: z.string().trim().min(1).max(40),
      values: z
        .array(z.string().trim().min(1).max(60))
        .min(1)
        .max(50)
        .refine((vs) => new Set(vs).size === vs.length, "Give each value once."),
    }),
  )
  .max(3)
  .refine(
    (os) => new Set(os.map((o) => o.name.toLowerCase())).size === os.length,
    "Give each option a name of its own.",
  );

/** A variant's value of each of its product's options. */
const VariantOptionsSchema = z.record(
  z.string().trim().min(1).max(40),
  z.string().trim().min(1).max(60),
);

const pictureFields = {
  id: z.number().int(),
  url: z.string(),
  alt: z.string(),
  width: z.number().int(),
  height: z.number().int(),
};

export const ProductImageSchema = z
  .object({ ...pictureFields, skus: z.array(z.string()) })
  .meta({ id: "ProductImage" });

export const VariantSchema = z
  .object({
    sku: z.string(),
    title: z.string(),
    price: MoneySchema,
    available: z.number().int(),
    options: z.record(z.string(), z.string()),
    images: z.array(z.object(pictureFields)),
  })
  .meta({ id: "Variant" });

export const ProductSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    imageUrl: z.string(),
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    images: z.array(ProductImageSchema),
    variants: z.array(VariantSchema),
    updatedAt: z.string(),
  })
  .meta({ id: "Product" });

export const CategorySchema = z
  .object({ slug: z.string(), name: z.string(), productCount: z.number().int() })
  .meta({ id: "Category" });

export const ProductListQuerySchema = ListQuerySchema.extend({
  q: z.string().max(200).optional(),
  category: SlugSchema.optional(),
  sort: z.enum(LISTING_SORTS).optional(),
  minPrice: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
  maxPrice: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
  inStock: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

/** `option.<name>=<value>` query parameters (at most three), as `{ name: value }`. */
export function optionFilters(query: Record<string, string>): Record<string, string> | null {
  const entries = Object.entries(query)
    .filter(([k]) => k.startsWith("option."))
    .map(([k, v]) => [k.slice("option.".length), v] as const);
  const fits = entries.every(
    ([k, v]) => k.length > 0 && k.length <= 40 && v.length > 0 && v.length <= 60,
  );
  return entries.length <= 3 && fits ? Object.fromEntries(entries) : null;
}

export const TaxClassSchema = z.enum(TAX_CLASSES);

/** A sku's prices in markets other than the default (whose price is the variant's `price`). */
const MarketPricesSchema = z
  .array(z.strictObject({ market: MarketIdSchema, price: MoneySchema }))
  .max(20)
  .refine((ps) => new Set(ps.map((p) => p.market)).size === ps.length, "one price per market");

export const NewVariantSchema = z
  .strictObject({
    sku: SkuSchema,
    title: z.string().trim().min(1).max(200),
    price: MoneySchema,
    stock: z.number().int().min(0).max(1_000_000_000).optional(),
    taxClass: TaxClassSchema.optional(),
    prices: MarketPricesSchema.optional(),
    giftCard: z.boolean().optional(),
    options: VariantOptionsSchema.optional(),
  })
  .refine((v) => !v.giftCard || v.price.amount > 0, {
    path: ["price"],
    message: "more than 0 for a gift card",
  });

export const NewProductSchema = z
  .strictObject({
    slug: SlugSchema,
    title: z.string().trim().min(1).max(200),
    description: z.string().max(5000),
    category: SlugSchema,
    categoryName: z.string().trim().min(1).max(100).optional(),
    imageUrl: ImageUrlSchema.optional(),
    options: ProductOptionsSchema.optional(),
    variants: z
      .array(NewVariantSchema)
      .min(1)
      .max(50)
      .refine((vs) => new Set(vs.map((v) => v.sku)).size === vs.length, "skus must be distinct"),
  })
  .meta({ id: "NewProduct" });

export const ProductPatchSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
    category: SlugSchema.optional(),
    categoryName: z.string().trim().min(1).max(100).optional(),
    imageUrl: ImageUrlSchema.optional(),
    options: ProductOptionsSchema.optional(),
    variants: z
      .array(
        z.strictObject({
          sku: SkuSchema,
          title: z.string().trim().min(1).max(200).optional(),
          options: VariantOptionsSchema.optional(),
          price: MoneySchema.optional(),
          taxClass: TaxClassSchema.optional(),
          prices: z
            .array(z.strictObject({ market: MarketIdSchema, price: MoneySchema.nullable() }))
            .max(20)
            .optional(),
        }),
      )
      .max(50)
      .optional(),
  })
  .meta({ id: "ProductPatch" });

export const BulkProductsSchema = z
  .strictObject({ products: z.array(NewProductSchema).min(1).max(100) })
  .meta({ id: "BulkProducts" });

export type NewProduct = z.infer<typeof NewProductSchema>;
export type NewVariant = z.infer<typeof NewVariantSchema>;
export type ProductOption = z.infer<typeof ProductOptionsSchema>[number];
export type ProductPatch = z.infer<typeof ProductPatchSchema>;
export type Product = z.infer<typeof ProductSchema>;
export type ProductSummary = z.infer<typeof ProductSummarySchema>;
export type Category = z.infer<typeof CategorySchema>;
