// CSV downloads from the back office (the same files as GET /api/v1/admin/exports/{kind}).
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { EXPORTS, type ExportKind, exportResponse } from "../exports";
import { Allowed } from "./admin-role";

export const adminExportPages = new Hono<AppEnv>().get("/admin/exports/:kind", (c) => {
  const kind = c.req.param("kind");
  return (EXPORTS as readonly string[]).includes(kind)
    ? exportResponse(c, kind as ExportKind)
    : c.notFound();
});

/** Links to the products' and the stock's CSV files, for those who may read them. */
export function CatalogExports() {
  return (
    <Allowed get="/admin/exports/products">
      <p>
        Download as CSV: <a href="/admin/exports/products">products and variants</a> ·{" "}
        <a href="/admin/exports/stock">stock</a>
      </p>
    </Allowed>
  );
}

/** The orders of a range of days as CSV (the last 30 without dates). */
export function OrderExportForm() {
  return (
    <Allowed get="/admin/exports/orders">
      <form method="get" action="/admin/exports/orders" class="filters">
        <div class="field">
          <label for="export-from">Orders from</label>
          <input id="export-from" name="from" type="date" />
        </div>
        <div class="field">
          <label for="export-to">to</label>
          <input id="export-to" name="to" type="date" />
        </div>
        <button type="submit" class="secondary">
          Download CSV
        </button>
      </form>
    </Allowed>
  );
}
