import type { TaxRateRow } from "./market";

/** Markets' tax rates and shipping zones as the back office and the admin API list them. */

export async function listTaxRates(
  db: D1Database,
  country?: string,
): Promise<{ items: TaxRateRow[] }> {
  const { results } = await db
    .prepare(
      `SELECT country, region, tax_class AS taxClass, name, rate FROM tax_rates
       WHERE ?1 IS NULL OR country = ?1 ORDER BY country, region, tax_class`,
    )
    .bind(country ?? null)
    .all<TaxRateRow>();
  return { items: results };
}

export interface ShippingZoneView {
  id: string;
  market: string;
  name: string;
  countries: string[];
  methods: {
    id: string;
    name: string;
    amount: number;
    freeOver: number | null;
    estimate: string | null;
    taxClass: string;
  }[];
}

interface ZoneRow {
  id: string;
  market: string;
  name: string;
  countries: string;
  methods: string;
}

export async function listShippingZones(db: D1Database): Promise<{ items: ShippingZoneView[] }> {
  const { results } = await db
    .prepare(
      `SELECT z.id, z.market, z.name, z.countries,
         (SELECT json_group_array(json_object('id', m.id, 'name', m.name, 'amount', m.amount,
            'freeOver', m.free_over, 'estimate', m.estimate, 'taxClass', m.tax_class))
          FROM (SELECT * FROM shipping_methods WHERE zone = z.id ORDER BY position, id) m) AS methods
       FROM shipping_zones z ORDER BY z.market, z.position, z.id`,
    )
    .all<ZoneRow>();
  return {
    items: results.map((z) => ({
      ...z,
      countries: JSON.parse(z.countries) as string[],
      methods: JSON.parse(z.methods) as ShippingZoneView["methods"],
    })),
  };
}
