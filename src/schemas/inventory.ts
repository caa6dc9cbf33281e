import * as z from "zod";

export const StockLevelSchema = z
  .object({
    sku: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
  })
  .meta({ id: "StockLevel" });

export const AvailabilitySchema = z
  .object({ sku: z.string(), available: z.number().int() })
  .meta({ id: "Availability" });

export const SetStockSchema = z
  .strictObject({ onHand: z.number().int().min(0).max(1_000_000_000) })
  .meta({ id: "SetStock" });
