import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { createDb } from "../../src/db/client";
import { DISCOUNT_STATUSES, PROMOTION_KINDS } from "../../src/db/promotion-schema";
import { formatMoney, money } from "../../src/money";
import {
  createPromotion,
  findPromotion,
  listPromotions,
  patchPromotion,
} from "../../src/promotions/promotion-store";
import type { Promotion } from "../../src/promotions/rule";
import { NewPromotionSchema, PROMOTION_INPUT_KEYS } from "../../src/schemas/promotions";
import type { AppEnv } from "../app-env";
import { promotionWriteDeps } from "../deps";
import { pageRefusal } from "../problem";
import { AdminLayout, Wide } from "./admin-layout";
import { errorsFrom } from "./admin-market-values";
import { formPatch, promotionInputOf, promotionValuesOf } from "./admin-promotion-values";
import { adminHtml } from "./admin-role";
import { fieldText, formFields } from "./form";
import { fieldsOf, TableHead } from "./layout";
import { type Errors, errorsOf, type Values, valuesOf } from "./product-form-values";
import { StatusButtons } from "./status-buttons";

const KIND_LABELS: Record<Promotion["kind"], string> = {
  percentage: "a percentage off",
  fixed: "an amount off",
  free_shipping: "free shipping",
  buy_x_get_y: "buy X, get Y of the cheapest free",
};

/** What a promotion gives and to what, for people. */
function gives(p: Promotion) {
  const what =
    p.kind === "percentage"
      ? `${p.value}% off`
      : p.kind === "fixed"
        ? `${formatMoney(money(p.value ?? 0, p.currency ?? "USD"))} off`
        : p.kind === "free_shipping"
          ? "free shipping"
          : `buy ${p.buyQuantity}, get ${p.getQuantity} free`;
  const on = [...(p.categories ?? []), ...(p.skus ?? [])];
  const where = p.markets ? ` in ${p.markets.join(", ")}` : "";
  const from = p.minSubtotal
    ? ` from ${formatMoney(money(p.minSubtotal.amount, p.minSubtotal.currency))}`
    : "";
  return `${what}${on.length > 0 ? ` on ${on.join(", ")}` : ""}${where}${from}`;
}

type PageState = {
  values?: Values;
  errors?: Errors;
  error?: string;
  status?: ContentfulStatusCode;
};

/** The form of a new promotion, or of `editing`. */
function PromotionForm(props: { values: Values; errors: Errors; editing?: Promotion }) {
  const { values, errors } = props;
  const field = fieldsOf(values, errors);
  return (
    <form
      method="post"
      action={props.editing ? `/admin/promotions/${props.editing.id}` : "/admin/promotions"}
      novalidate
    >
      <fieldset>
        <legend>{props.editing ? `Edit ${props.editing.title}` : "New automatic promotion"}</legend>
        <div class="cols">
          {field("title", "Title", "What carts and orders show, e.g. 10% off Footwear")}
          <div class="field">
            <label for="f-kind">Gives</label>
            <select id="f-kind" name="kind" disabled={props.editing !== undefined}>
              {PROMOTION_KINDS.map((k) => (
                <option value={k} selected={k === values.kind}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
            {props.editing ? <input type="hidden" name="kind" value={values.kind} /> : null}
          </div>
          {field("value", "Percent or amount", "10 for 10 %, or 7.50 in the currency below")}
          {field("currency", "Currency (amount off only)", "e.g. USD")}
          {field("buyQuantity", "Buy (buy X get Y only)", "e.g. 2")}
          {field("getQuantity", "Get free (buy X get Y only)", "e.g. 1")}
          {field("categories", "Categories (optional)", "Category slugs, separated by commas")}
          {field("skus", "Skus (optional)", "Separated by commas; with categories: either")}
          {field("markets", "Markets (optional)", "Market ids; none: every market")}
          {field("minSubtotal", "Minimum subtotal (optional)", "e.g. 60.00 EUR")}
          {field("startsAt", "Starts (UTC, optional)", undefined, "datetime-local")}
          {field("endsAt", "Ends (UTC, optional)", undefined, "datetime-local")}
          {field("position", "Order (optional)", "Lower applies first; 0 by default")}
        </div>
        <button type="submit">{props.editing ? "Save promotion" : "Create promotion"}</button>
      </fieldset>
    </form>
  );
}

async function promotionsPage(c: Context<AppEnv>, state: PageState = {}) {
  const promotions = await listPromotions(createDb(c.env.DB));
  const errors = state.errors ?? {};
  return adminHtml(
    c,
    <AdminLayout
      title="Promotions"
      section="promotions"
      notice={c.req.query("notice")}
      error={state.error}
    >
      <h1>Automatic promotions</h1>
      <p class="muted">
        They apply without a code to every cart they fit, in order, each on what the ones before
        left; then the cart's code, on what they all left.
      </p>
      <Wide>
        <table>
          <caption class="skip">Automatic promotions</caption>
          <TableHead
            columns={[
              "Title",
              "Gives",
              "When",
              "Status",
              { label: "Order", numeric: true },
              "Change",
            ]}
          />
          <tbody>
            {promotions.map((p) => (
              <tr>
                <td>
                  <a href={`/admin/promotions/${p.id}`}>{p.title}</a>
                </td>
                <td>{gives(p)}</td>
                <td>
                  {p.startsAt || p.endsAt
                    ? `${p.startsAt?.slice(0, 16).replace("T", " ") ?? "now"} – ${p.endsAt?.slice(0, 16).replace("T", " ") ?? "no end"}`
                    : "always"}
                </td>
                <td>{p.status}</td>
                <td class="num">{p.position}</td>
                <td>
                  <StatusButtons status={p.status} action={`/admin/promotions/${p.id}/status`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
      <PromotionForm values={state.values ?? { kind: "percentage" }} errors={errors} />
    </AdminLayout>,
    state.status ?? (state.error || Object.keys(errors).length > 0 ? 400 : 200),
  );
}

async function editPage(c: Context<AppEnv>, promotion: Promotion, state: PageState = {}) {
  const errors = state.errors ?? {};
  return adminHtml(
    c,
    <AdminLayout title={promotion.title} section="promotions" error={state.error}>
      <p>
        <a href="/admin/promotions">All promotions</a>
      </p>
      <h1>{promotion.title}</h1>
      <p>
        {gives(promotion)}; {promotion.status}.
      </p>
      <PromotionForm
        values={state.values ?? promotionValuesOf(promotion)}
        errors={errors}
        editing={promotion}
      />
    </AdminLayout>,
    state.status ?? (state.error || Object.keys(errors).length > 0 ? 400 : 200),
  );
}

/** A refusal of the domain as the page's state; anything else goes on (a 500). */
function refusedState(err: unknown, values?: Values): PageState {
  const { error, status, problem } = pageRefusal(err);
  return { values, errors: errorsOf(problem), error, status };
}

const invalid = "Please correct the marked fields.";

export const adminPromotionPages = new Hono<AppEnv>()
  .get("/admin/promotions", (c) => promotionsPage(c))
  .post("/admin/promotions", async (c) => {
    const values = valuesOf(await formFields(c));
    const errors: Errors = {};
    const input = NewPromotionSchema.safeParse(promotionInputOf(values, errors));
    if (!input.success) Object.assign(errors, { ...errorsFrom(input.error.issues), ...errors });
    if (!input.success || Object.keys(errors).length > 0) {
      return promotionsPage(c, { values, errors, error: invalid });
    }
    try {
      await createPromotion(await promotionWriteDeps(c.env), input.data);
    } catch (err) {
      return promotionsPage(c, refusedState(err, values));
    }
    return c.redirect(
      `/admin/promotions?notice=${encodeURIComponent(`Created ${input.data.title}.`)}`,
      303,
    );
  })
  .get("/admin/promotions/:id", async (c) => {
    const promotion = await findPromotion(createDb(c.env.DB), c.req.param("id"));
    if (!promotion) return c.notFound();
    return editPage(c, promotion);
  })
  .post("/admin/promotions/:id", async (c) => {
    const promotion = await findPromotion(createDb(c.env.DB), c.req.param("id"));
    if (!promotion) return c.notFound();
    const values = valuesOf(await formFields(c));
    const errors: Errors = {};
    const asked = promotionInputOf({ ...values, kind: promotion.kind }, errors);
    if (Object.keys(errors).length > 0)
      return editPage(c, promotion, { values, errors, error: invalid });
    const patch = formPatch(PROMOTION_INPUT_KEYS, asked, ["kind"]);
    try {
      await patchPromotion(await promotionWriteDeps(c.env), promotion.id, patch);
    } catch (err) {
      return editPage(c, promotion, refusedState(err, values));
    }
    return c.redirect(
      `/admin/promotions?notice=${encodeURIComponent(`Saved ${promotion.title}.`)}`,
      303,
    );
  })
  .post("/admin/promotions/:id/status", async (c) => {
    const status = fieldText(await formFields(c), "status");
    if (!(DISCOUNT_STATUSES as readonly string[]).includes(status)) {
      return promotionsPage(c, { error: "Choose pause, resume or end." });
    }
    try {
      await patchPromotion(await promotionWriteDeps(c.env), c.req.param("id"), {
        status: status as Promotion["status"],
      });
    } catch (err) {
      return promotionsPage(c, refusedState(err));
    }
    return c.redirect(
      `/admin/promotions?notice=${encodeURIComponent(`The promotion is ${status}.`)}`,
      303,
    );
  });
