import * as z from "zod";
import { addressFormOf, isCountry } from "../markets/countries";
import { ShippingAddressSchema } from "./orders";

/** A saved address is a shipping address that the country's own rules accept (a US state, say). */
export const AddressInputSchema = ShippingAddressSchema.superRefine((address, ctx) => {
  if (!isCountry(address.country)) {
    ctx.addIssue({ code: "custom", path: ["country"], message: "Choose a country." });
    return;
  }
  const region = addressFormOf(address.country).region;
  if (region?.required && !address.region) {
    ctx.addIssue({
      code: "custom",
      path: ["region"],
      message: `Enter the ${region.label.toLowerCase()}.`,
    });
  }
});

/** Any of an address's fields; null removes `line2` or `region`. */
export const AddressPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    line1: z.string().trim().min(1).max(200).optional(),
    line2: z.string().trim().max(200).nullable().optional(),
    city: z.string().trim().min(1).max(100).optional(),
    region: z.string().trim().max(100).nullable().optional(),
    postalCode: z.string().trim().min(1).max(20).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code such as US")
      .optional(),
  })
  .meta({ id: "AddressPatch" });

export const SavedAddressSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional(),
    postalCode: z.string(),
    country: z.string(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "SavedAddress" });

export type AddressInput = z.infer<typeof AddressInputSchema>;
export type AddressPatch = z.infer<typeof AddressPatchSchema>;
export type SavedAddress = z.infer<typeof SavedAddressSchema>;
