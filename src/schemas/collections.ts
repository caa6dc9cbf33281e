import * as z from "zod";
import { COLLECTION_SORTS } from "../db/collection-schema";
import { SlugSchema } from "./common";

export const TagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[\p{Ll}\p{N}]+(?:-[\p{Ll}\p{N}]+)*$/u,
    "Lowercase words joined by hyphens, e.g. gift-ideas.",
  )
  .max(40);

export const CollectionRuleSchema = z
  .strictObject({
    category: SlugSchema.optional(),
    tag: TagSchema.optional(),
    minPrice: z.number().int().min(0).optional(),
    maxPrice: z.number().int().min(0).optional(),
    inStock: z.boolean().optional(),
  })
  .refine((r) => r.minPrice === undefined || r.maxPrice === undefined || r.minPrice <= r.maxPrice, {
    path: ["maxPrice"],
    message: "At least the lowest price.",
  });

export const CollectionSortSchema = z.enum(COLLECTION_SORTS);

const fields = {
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  rule: CollectionRuleSchema.optional(),
  sort: CollectionSortSchema.optional(),
  /** Its place on the home page (0 first); null or absent: not there. */
  featured: z.number().int().min(0).max(20).nullable().optional(),
  /** A manual collection's products, by slug, in order. */
  products: z.array(SlugSchema).max(200).optional(),
};

export const NewCollectionSchema = z
  .strictObject({ slug: SlugSchema, kind: z.enum(["manual", "rule"]), ...fields })
  .refine((c) => c.kind === "manual" || c.products === undefined, {
    path: ["products"],
    message: "A rule-based collection holds what its rule matches: give a rule, not products.",
  })
  .meta({ id: "NewCollection" });

export const CollectionPatchSchema = z
  .strictObject({ ...fields, title: fields.title.optional() })
  .meta({ id: "CollectionPatch" });

export const CollectionSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    kind: z.enum(["manual", "rule"]),
    rule: z.record(z.string(), z.unknown()),
    sort: CollectionSortSchema,
    featured: z.number().int().nullable(),
  })
  .meta({ id: "Collection" });

export type NewCollection = z.infer<typeof NewCollectionSchema>;
export type CollectionPatch = z.infer<typeof CollectionPatchSchema>;
