import type { Context } from "hono";
import { readConfig } from "../src/config";
import { validationFailed } from "../src/errors";
import { csvStream } from "../src/exports/csv";
import {
  ORDER_COLUMNS,
  orderRows,
  PRODUCT_COLUMNS,
  productRows,
  STOCK_COLUMNS,
  stockRows,
} from "../src/exports/exports";
import { salesRange } from "../src/reports/sales-range";
import type { AppEnv } from "./app-env";

export const EXPORTS = ["products", "stock", "orders"] as const;
export type ExportKind = (typeof EXPORTS)[number];

/**
 * A CSV export as a download, streamed page by page from D1 (any size, in constant memory):
 * every product's variants, every sku's stock, or the orders of the days `from` to `to` (UTC,
 * the last 30 by default, a year at most).
 */
export function exportResponse(c: Context<AppEnv>, kind: ExportKind) {
  const db = c.env.DB;
  let name: string = kind;
  let body: ReadableStream<Uint8Array>;
  if (kind === "orders") {
    const range = salesRange({ from: c.req.query("from"), to: c.req.query("to") });
    if ("errors" in range) throw validationFailed(range.errors);
    name = `orders-${range.from}-to-${range.to}`;
    body = csvStream(ORDER_COLUMNS, orderRows(db, range));
  } else if (kind === "stock") {
    body = csvStream(STOCK_COLUMNS, stockRows(db));
  } else {
    body = csvStream(PRODUCT_COLUMNS, productRows(db, readConfig(c.env).storeCurrency));
  }
  c.header("content-type", "text/csv; charset=utf-8");
  c.header("content-disposition", `attachment; filename="${name}.csv"`);
  c.header("cache-control", "private, no-store");
  return c.body(body);
}
