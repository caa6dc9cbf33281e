import * as z from "zod";
import { EVERYWHERE } from "../markets/market";
import { TAX_CLASSES } from "../tax/compute";
import { MarketIdSchema, MoneySchema } from "./common";

export const CountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code such as DE");

export const MarketSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    countries: z.array(z.string()),
    locale: z.string(),
    pricesIncludeTax: z.boolean(),
  })
  .meta({ id: "Market" });

export const MarketListSchema = z
  .object({ items: z.array(MarketSchema), default: z.string() })
  .meta({ id: "MarketList" });

export const TaxLineSchema = z
  .object({
    name: z.string(),
    rate: z.number().int(),
    amount: MoneySchema,
  })
  .meta({ id: "TaxLine" });

export const ShippingOptionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    price: MoneySchema,
    estimate: z.string().optional(),
  })
  .meta({ id: "ShippingOption" });

export const ShippingOptionsQuerySchema = z.object({ country: CountrySchema });

const isLocale = (value: string) => {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
};

export const MarketInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR"),
    countries: z
      .array(CountrySchema)
      .max(250)
      .refine((cs) => new Set(cs).size === cs.length, "each country once"),
    locale: z.string().min(2).max(35).refine(isLocale, "a BCP 47 locale such as de-DE"),
    pricesIncludeTax: z.boolean(),
    default: z.boolean().optional(),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .meta({ id: "MarketInput" });

export const TaxRatesInputSchema = z
  .strictObject({
    rates: z
      .array(
        z.strictObject({
          region: z
            .string()
            .regex(/^[A-Z0-9]{1,10}$/, "a region code such as CA")
            .optional(),
          taxClass: z.enum(TAX_CLASSES),
          name: z.string().trim().min(1).max(60),
          rate: z.number().int().min(0).max(10_000),
        }),
      )
      .max(200)
      .refine(
        (rs) => new Set(rs.map((r) => `${r.region ?? ""}|${r.taxClass}`)).size === rs.length,
        "one rate per region and class",
      ),
  })
  .meta({ id: "TaxRatesInput" });

export const ShippingZoneInputSchema = z
  .strictObject({
    market: MarketIdSchema,
    name: z.string().trim().min(1).max(100),
    countries: z
      .array(z.union([CountrySchema, z.literal(EVERYWHERE)]))
      .min(1)
      .max(250),
    position: z.number().int().min(0).max(1000).optional(),
    methods: z
      .array(
        z.strictObject({
          id: MarketIdSchema,
          name: z.string().trim().min(1).max(100),
          price: MoneySchema,
          freeOver: MoneySchema.optional(),
          estimate: z.string().trim().min(1).max(100).optional(),
          taxClass: z.enum(TAX_CLASSES).optional(),
        }),
      )
      .min(1)
      .max(20)
      .refine((ms) => new Set(ms.map((m) => m.id)).size === ms.length, "distinct method ids"),
  })
  .meta({ id: "ShippingZoneInput" });

export type MarketInput = z.infer<typeof MarketInputSchema>;
export type TaxRatesInput = z.infer<typeof TaxRatesInputSchema>;
export type ShippingZoneInput = z.infer<typeof ShippingZoneInputSchema>;
