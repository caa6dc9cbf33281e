import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { createDb } from "../../src/db/client";
import { DISCOUNT_KINDS } from "../../src/db/promotion-schema";
import {
  type DiscountDefinition,
  findDiscount,
  patchDiscount,
} from "../../src/promotions/discount-store";
import { DISCOUNT_INPUT_KEYS } from "../../src/schemas/discounts";
import type { AppEnv } from "../app-env";
import { promotionWriteDeps } from "../deps";
import { pageRefusal } from "../problem";
import { AdminLayout } from "./admin-layout";
import { discountInputOf, discountValuesOf, formPatch } from "./admin-promotion-values";
import { adminHtml } from "./admin-role";
import { formFields } from "./form";
import { fieldsOf } from "./layout";
import { type Errors, errorsOf, type Values, valuesOf } from "./product-form-values";

const KIND_LABELS = {
  percentage: "a percentage off",
  fixed: "an amount off",
  free_shipping: "free shipping",
} as const;

/** The form of a new code, or of `editing` (its code and kind stay as they are). */
export function DiscountForm(props: {
  values: Values;
  errors: Errors;
  editing?: DiscountDefinition;
}) {
  const { values, errors, editing } = props;
  const field = fieldsOf(values, errors);
  return (
    <form
      method="post"
      action={editing ? `/admin/discounts/${encodeURIComponent(editing.code)}` : "/admin/discounts"}
      novalidate
    >
      <fieldset>
        <legend>{editing ? `Edit ${editing.code}` : "New discount code"}</legend>
        <div class="cols">
          {editing
            ? null
            : field("code", "Code", "3 to 32 letters, digits, - or _; any case works for shoppers")}
          <div class="field">
            <label for="f-kind">Gives</label>
            <select id="f-kind" name="kind" disabled={editing !== undefined}>
              {DISCOUNT_KINDS.map((k) => (
                <option value={k} selected={k === values.kind}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
            {editing ? <input type="hidden" name="kind" value={editing.kind} /> : null}
          </div>
          {field("value", "Percent or amount", "20 for 20 %, or 7.50 in the currency below")}
          {field("currency", "Currency (amount off only)", "e.g. USD")}
          {field("usageLimit", "Uses in all (optional)")}
          {field("perCustomerLimit", "Uses per customer (optional)")}
          {field("minSubtotal", "Minimum subtotal (optional)", "e.g. 60.00 EUR")}
          {field("categories", "Categories (optional)", "Category slugs, separated by commas")}
          {field("skus", "Skus (optional)", "Separated by commas; with categories: either")}
          {field("markets", "Markets (optional)", "Market ids; none: every market")}
          {field("startsAt", "Starts (UTC, optional)", undefined, "datetime-local")}
          {field("endsAt", "Ends (UTC, optional)", undefined, "datetime-local")}
        </div>
        <button type="submit">{editing ? "Save code" : "Create code"}</button>
      </fieldset>
    </form>
  );
}

async function editPage(
  c: Context<AppEnv>,
  discount: DiscountDefinition,
  state: { values?: Values; errors?: Errors; error?: string; status?: ContentfulStatusCode } = {},
) {
  const errors = state.errors ?? {};
  return adminHtml(
    c,
    <AdminLayout title={discount.code} section="discounts" error={state.error}>
      <p>
        <a href="/admin/discounts">All discount codes</a>
      </p>
      <h1>{discount.code}</h1>
      <p>
        {discount.status}. A new limit counts from the next checkout; a lower one takes back no use
        already made.
      </p>
      <DiscountForm
        values={state.values ?? discountValuesOf(discount)}
        errors={errors}
        editing={discount}
      />
    </AdminLayout>,
    state.status ?? (state.error || Object.keys(errors).length > 0 ? 400 : 200),
  );
}

/** A code's own page: its fields, saved with the admin API's rules (checked as a new code). */
export const adminDiscountEditPages = new Hono<AppEnv>()
  .get("/admin/discounts/:code", async (c) => {
    const discount = await findDiscount(createDb(c.env.DB), c.req.param("code"));
    if (!discount) return c.notFound();
    return editPage(c, discount);
  })
  .post("/admin/discounts/:code", async (c) => {
    const discount = await findDiscount(createDb(c.env.DB), c.req.param("code"));
    if (!discount) return c.notFound();
    const values = valuesOf(await formFields(c));
    const errors: Errors = {};
    const asked = discountInputOf({ ...values, kind: discount.kind }, errors);
    if (Object.keys(errors).length > 0) {
      return editPage(c, discount, { values, errors, error: "Please correct the marked fields." });
    }
    const patch = formPatch(DISCOUNT_INPUT_KEYS, asked, ["code", "kind"]);
    try {
      await patchDiscount(await promotionWriteDeps(c.env), discount.code, patch);
    } catch (err) {
      const { error, status, problem } = pageRefusal(err);
      const state = { values, errors: errorsOf(problem), error, status };
      return editPage(c, discount, state);
    }
    return c.redirect(
      `/admin/discounts?notice=${encodeURIComponent(`Saved ${discount.code}.`)}`,
      303,
    );
  });
