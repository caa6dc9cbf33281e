import type { Context } from "hono";
import { Hono } from "hono";
import { forgetAvailability } from "../../src/catalog/availability";
import { skuExists } from "../../src/catalog/write";
import { createDb } from "../../src/db/client";
import { inventoryStub } from "../../src/inventory";
import { searchStock } from "../../src/reports/stock";
import { isSku } from "../../src/schemas/common";
import type { AppEnv } from "../app-env";
import { pageNumber, queryString } from "./admin-forms";
import { AdminLayout, Pager, Wide } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { fieldText, formFields } from "./form";
import { TableHead } from "./layout";

const PAGE_SIZE = 50;
const MAX_DELTA = 1_000_000_000;

/** A refused change: which sku and field, what was typed, and why. */
interface StockError {
  sku: string;
  field: "onHand" | "delta";
  value: string;
  message: string;
  /** 400 for a value the form refuses, 422 for a form already sent with another value. */
  status?: 400 | 422;
}

function ErrorText(props: { error: StockError | undefined; sku: string; field: string }) {
  const { error } = props;
  if (!error || error.sku !== props.sku || error.field !== props.field) return null;
  return (
    <span id={`${props.field}-${props.sku}-error`} class="error">
      {error.message}
    </span>
  );
}

function NumberInput(props: {
  sku: string;
  name: "onHand" | "delta";
  label: string;
  value: string;
  min?: string;
  error: StockError | undefined;
}) {
  const id = `${props.name}-${props.sku}`;
  const wrong = props.error?.sku === props.sku && props.error.field === props.name;
  return (
    <>
      <label class="skip" for={id}>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type="number"
        min={props.min}
        value={wrong ? props.error?.value : props.value}
        aria-invalid={wrong ? "true" : undefined}
        aria-describedby={wrong ? `${id}-error` : undefined}
      />
    </>
  );
}

async function stockPage(c: Context<AppEnv>, q: string, error?: StockError) {
  const page = error ? 1 : pageNumber(c.req.query("page"));
  const list = await searchStock(c.env.DB, { q, page, pageSize: PAGE_SIZE });
  return adminHtml(
    c,
    <AdminLayout title="Stock" section="stock" notice={error ? undefined : c.req.query("notice")}>
      <h1>Stock</h1>
      <search>
        <form method="get" action="/admin/stock" class="filters">
          <div class="field">
            <label for="stock-q">Sku or title</label>
            <input id="stock-q" name="q" type="search" value={q} />
          </div>
          <button type="submit">Search</button>
        </form>
      </search>
      <p class="muted">
        Every sku, by sku. Setting on hand keeps units held by checkouts reserved; an adjustment
        adds received units or removes lost ones (never below zero).
      </p>
      {list.items.length === 0 ? (
        <p>No sku matches.</p>
      ) : (
        <Wide>
          <table>
            <TableHead
              columns={[
                "Sku",
                "Product",
                { label: "Reserved", numeric: true },
                { label: "Available", numeric: true },
                "Set on hand",
                "Adjust by",
              ]}
            />
            <tbody>
              {list.items.map((s) => {
                const path = `/admin/stock/${encodeURIComponent(s.sku)}`;
                return (
                  <tr>
                    <td>{s.sku}</td>
                    <td>
                      {s.productTitle} <span class="muted">{s.variantTitle}</span>
                      {s.productStatus === "active" ? null : (
                        <span class="muted"> ({s.productStatus})</span>
                      )}
                    </td>
                    <td class="num">{s.reserved ?? 0}</td>
                    <td class="num">{s.available ?? 0}</td>
                    <td>
                      <form method="post" action={path} class="inline">
                        <NumberInput
                          sku={s.sku}
                          name="onHand"
                          label={`On hand for ${s.sku}`}
                          value={String(s.onHand ?? 0)}
                          min="0"
                          error={error}
                        />
                        <button type="submit" class="secondary">
                          Set
                        </button>
                        <ErrorText error={error} sku={s.sku} field="onHand" />
                      </form>
                    </td>
                    <td>
                      <form method="post" action={`${path}/adjustments`} class="inline">
                        {/* One key per rendered form: a double submit adjusts once. */}
                        <input type="hidden" name="key" value={crypto.randomUUID()} />
                        <NumberInput
                          sku={s.sku}
                          name="delta"
                          label={`Units to add to ${s.sku} (negative to remove)`}
                          value=""
                          error={error}
                        />
                        <button type="submit" class="secondary">
                          Adjust
                        </button>
                        <ErrorText error={error} sku={s.sku} field="delta" />
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Wide>
      )}
      <Pager
        page={page}
        hasNext={list.hasNext}
        href={(n) => `/admin/stock${queryString({ q, page: n })}`}
      />
    </AdminLayout>,
    error ? (error.status ?? 400) : 200,
  );
}

const done = (sku: string, level: { onHand: number; available: number }) =>
  `/admin/stock${queryString({
    q: sku,
    notice: `${sku}: ${level.onHand} on hand, ${level.available} available.`,
  })}`;

export const adminStockPages = new Hono<AppEnv>()
  .get("/admin/stock", (c) => stockPage(c, (c.req.query("q") ?? "").trim().slice(0, 200)))
  .post("/admin/stock/:sku", async (c) => {
    const sku = c.req.param("sku");
    if (!isSku(sku) || !(await skuExists(createDb(c.env.DB), sku))) return c.notFound();
    const value = fieldText(await formFields(c), "onHand");
    if (!/^\d{1,9}$/.test(value)) {
      const message = "A whole number from 0.";
      return stockPage(c, sku, { sku, field: "onHand", value, message });
    }
    const level = await inventoryStub(c.env.INVENTORY, sku).setOnHand(sku, Number(value));
    forgetAvailability([sku]);
    return c.redirect(done(sku, level), 303);
  })
  .post("/admin/stock/:sku/adjustments", async (c) => {
    const sku = c.req.param("sku");
    if (!isSku(sku)) return c.notFound();
    const form = await formFields(c);
    const value = fieldText(form, "delta");
    const key = fieldText(form, "key");
    if (!/^-?\d{1,10}$/.test(value) || Number(value) === 0 || Math.abs(Number(value)) > MAX_DELTA) {
      const message = "A whole number of units, not 0: negative removes them.";
      return stockPage(c, sku, { sku, field: "delta", value, message });
    }
    const result = await inventoryStub(c.env.INVENTORY, sku).adjustOnHand(
      Number(value),
      /^[\w-]{8,64}$/.test(key) ? key : crypto.randomUUID(),
    );
    if (!result.ok && result.reason === "key_reused") {
      // The same rendered form sent again with another number (after going back, say).
      const message =
        "This form was already sent with another number; nothing changed. Adjust again here.";
      return stockPage(c, sku, { sku, field: "delta", value, message, status: 422 });
    }
    if (!result.ok) return c.notFound();
    forgetAvailability([sku]);
    return c.redirect(done(sku, result.level), 303);
  });
