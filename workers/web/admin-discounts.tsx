import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { createDb } from "../../src/db/client";
import { DISCOUNT_KINDS, DISCOUNT_STATUSES } from "../../src/db/promotion-schema";
import { AppError } from "../../src/errors";
import { formatMoney, money } from "../../src/money";
import { discountAuthority } from "../../src/promotions/authority";
import {
  createDiscount,
  type DiscountDefinition,
  listDiscounts,
  setDiscountStatus,
} from "../../src/promotions/discount-store";
import { NewDiscountSchema } from "../../src/schemas/discounts";
import type { AppEnv } from "../app-env";
import { promotionWriteDeps } from "../deps";
import { statusOf } from "../problem";
import { AdminLayout, Wide } from "./admin-layout";
import { errorsFrom } from "./admin-market-values";
import { utcTime, whole } from "./admin-promotion-values";
import { fieldText, formFields } from "./form";
import { Field, TableHead } from "./layout";
import { type Errors, priceOf, type Values, valuesOf } from "./product-form-values";
import { StatusButtons } from "./status-buttons";

/** What a code gives, for people: "20%", "$7.00", "free shipping". */
const gives = (d: DiscountDefinition) =>
  d.kind === "percentage"
    ? `${d.value}% off`
    : d.kind === "fixed"
      ? `${formatMoney(money(d.value ?? 0, d.currency ?? "USD"))} off`
      : "free shipping";

async function discountsPage(
  c: Context<AppEnv>,
  state: { values?: Values; errors?: Errors; error?: string; status?: ContentfulStatusCode } = {},
) {
  const codes = await listDiscounts(createDb(c.env.DB));
  const uses = await Promise.all(
    codes.map((d) => discountAuthority(c.env.DISCOUNTS, d.code).counts()),
  );
  const values = state.values ?? { kind: "percentage" };
  const errors = state.errors ?? {};
  const field = (name: string, label: string, hint?: string, type?: string) => (
    <Field
      name={name}
      label={label}
      value={values[name]}
      error={errors[name]}
      hint={hint}
      type={type}
    />
  );
  return c.html(
    <AdminLayout
      title="Discounts"
      section="discounts"
      notice={c.req.query("notice")}
      error={state.error}
    >
      <h1>Discount codes</h1>
      <Wide>
        <table>
          <caption class="skip">Discount codes and their uses</caption>
          <TableHead
            columns={[
              "Code",
              "Gives",
              "Status",
              { label: "Used", numeric: true },
              { label: "Held", numeric: true },
              { label: "Left", numeric: true },
              "Change",
            ]}
          />
          <tbody>
            {codes.map((d, i) => {
              const u = uses[i] ?? { used: 0, held: 0 };
              const left =
                d.usageLimit === null
                  ? "no limit"
                  : String(Math.max(0, d.usageLimit - u.used - u.held));
              return (
                <tr>
                  <td>{d.code}</td>
                  <td>{gives(d)}</td>
                  <td>{d.status}</td>
                  <td class="num">{u.used}</td>
                  <td class="num">{u.held}</td>
                  <td class="num">{left}</td>
                  <td>
                    <StatusButtons
                      status={d.status}
                      action={`/admin/discounts/${encodeURIComponent(d.code)}/status`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Wide>
      <form method="post" action="/admin/discounts" novalidate>
        <fieldset>
          <legend>New discount code</legend>
          <div class="cols">
            {field("code", "Code", "3 to 32 letters, digits, - or _; any case works for shoppers")}
            <div class="field">
              <label for="f-kind">Gives</label>
              <select id="f-kind" name="kind">
                {DISCOUNT_KINDS.map((k) => (
                  <option value={k} selected={k === values.kind}>
                    {k === "percentage"
                      ? "a percentage off"
                      : k === "fixed"
                        ? "an amount off"
                        : "free shipping"}
                  </option>
                ))}
              </select>
            </div>
            {field("value", "Percent or amount", "20 for 20 %, or 7.50 in the currency below")}
            {field("currency", "Currency (amount off only)", "e.g. USD")}
            {field("usageLimit", "Uses in all (optional)")}
            {field("perCustomerLimit", "Uses per customer (optional)")}
            {field("startsAt", "Starts (UTC, optional)", undefined, "datetime-local")}
            {field("endsAt", "Ends (UTC, optional)", undefined, "datetime-local")}
          </div>
          <button type="submit">Create code</button>
        </fieldset>
      </form>
    </AdminLayout>,
    state.status ?? (state.error || Object.keys(errors).length > 0 ? 400 : 200),
  );
}

export const adminDiscountPages = new Hono<AppEnv>()
  .get("/admin/discounts", (c) => discountsPage(c))
  .post("/admin/discounts", async (c) => {
    const values = valuesOf(await formFields(c));
    const errors: Errors = {};
    const kind = values.kind ?? "";
    const currency = (values.currency ?? "").toUpperCase();
    const value =
      kind === "fixed"
        ? priceOf(
            values.value ?? "",
            /^[A-Z]{3}$/.test(currency) ? currency : "USD",
            "value",
            errors,
          )?.amount
        : whole(values.value);
    const input = NewDiscountSchema.safeParse({
      code: values.code ?? "",
      kind,
      ...(value !== undefined && kind !== "free_shipping" ? { value } : {}),
      ...(kind === "fixed" && currency ? { currency } : {}),
      ...(whole(values.usageLimit) ? { usageLimit: whole(values.usageLimit) } : {}),
      ...(whole(values.perCustomerLimit)
        ? { perCustomerLimit: whole(values.perCustomerLimit) }
        : {}),
      ...(values.startsAt ? { startsAt: utcTime(values.startsAt) } : {}),
      ...(values.endsAt ? { endsAt: utcTime(values.endsAt) } : {}),
    });
    if (!input.success) Object.assign(errors, { ...errorsFrom(input.error.issues), ...errors });
    if (!input.success || Object.keys(errors).length > 0) {
      return discountsPage(c, { values, errors, error: "Please correct the marked fields." });
    }
    try {
      await createDiscount(await promotionWriteDeps(c.env), input.data);
    } catch (err) {
      if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
      return discountsPage(c, {
        values,
        errors: {},
        error: err.detail,
        status: statusOf(err.code),
      });
    }
    return c.redirect(
      `/admin/discounts?notice=${encodeURIComponent(`Created ${input.data.code}.`)}`,
      303,
    );
  })
  .post("/admin/discounts/:code/status", async (c) => {
    const status = fieldText(await formFields(c), "status");
    if (!(DISCOUNT_STATUSES as readonly string[]).includes(status)) {
      return discountsPage(c, { error: "Choose pause, resume or end." });
    }
    const code = c.req.param("code");
    try {
      await setDiscountStatus(createDb(c.env.DB), code, status as DiscountDefinition["status"]);
    } catch (err) {
      if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
      return discountsPage(c, { error: err.detail, status: statusOf(err.code) });
    }
    return c.redirect(
      `/admin/discounts?notice=${encodeURIComponent(`${code} is ${status}.`)}`,
      303,
    );
  });
