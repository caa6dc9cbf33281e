import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { createDb } from "../../src/db/client";
import { DISCOUNT_STATUSES } from "../../src/db/promotion-schema";
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
import { pageRefusal } from "../problem";
import { DiscountForm } from "./admin-discount-edit";
import { AdminLayout, Wide } from "./admin-layout";
import { errorsFrom } from "./admin-market-values";
import { discountInputOf } from "./admin-promotion-values";
import { adminHtml } from "./admin-role";
import { fieldText, formFields } from "./form";
import { TableHead } from "./layout";
import { type Errors, type Values, valuesOf } from "./product-form-values";
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
  return adminHtml(
    c,
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
                  <td>
                    <a href={`/admin/discounts/${encodeURIComponent(d.code)}`}>{d.code}</a>
                  </td>
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
      <DiscountForm values={values} errors={errors} />
    </AdminLayout>,
    state.status ?? (state.error || Object.keys(errors).length > 0 ? 400 : 200),
  );
}

export const adminDiscountPages = new Hono<AppEnv>()
  .get("/admin/discounts", (c) => discountsPage(c))
  .post("/admin/discounts", async (c) => {
    const values = valuesOf(await formFields(c));
    const errors: Errors = {};
    const input = NewDiscountSchema.safeParse(discountInputOf(values, errors));
    if (!input.success) Object.assign(errors, { ...errorsFrom(input.error.issues), ...errors });
    if (!input.success || Object.keys(errors).length > 0) {
      return discountsPage(c, { values, errors, error: "Please correct the marked fields." });
    }
    try {
      await createDiscount(await promotionWriteDeps(c.env), input.data);
    } catch (err) {
      const { error, status } = pageRefusal(err);
      return discountsPage(c, { values, errors: {}, error, status });
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
      return discountsPage(c, pageRefusal(err));
    }
    return c.redirect(
      `/admin/discounts?notice=${encodeURIComponent(`${code} is ${status}.`)}`,
      303,
    );
  });
