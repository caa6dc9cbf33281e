// The back office's refunds of one order: its ledger, and the form of a partial refund.
import type { Context } from "hono";
import { requestHash } from "../../src/checkout/request-hash";
import { AppError } from "../../src/errors";
import { formatMoney, minorDigits, money } from "../../src/money";
import type { StoredOrder } from "../../src/orders/read";
import type { RefundRow } from "../../src/refunds/ledger";
import { refundPart } from "../../src/refunds/refund";
import type { AppEnv } from "../app-env";
import { refundDeps } from "../deps";
import { deliverEmailsSoon } from "../emails/deliver";
import { parsePrice } from "./admin-forms";
import { ConfirmBox, Wide } from "./admin-layout";
import { fieldText, formFields } from "./form";
import { TableHead } from "./layout";

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace("T", " ") : "");

/** The ledger of the order's refunds, from every source, and the total refunded. */
export function RefundLedger(props: { order: StoredOrder; refunds: readonly RefundRow[] }) {
  const m = (amount: number) => formatMoney(money(amount, props.order.currency));
  if (props.refunds.length === 0) return <p class="muted">Nothing refunded.</p>;
  return (
    <Wide>
      <table>
        <TableHead
          columns={[
            "At (UTC)",
            "Amount",
            "To card",
            "To gift card",
            "Source",
            "Status",
            "Lines",
            "Reason",
            "Provider id",
          ]}
        />
        <tbody>
          {props.refunds.map((r) => (
            <tr>
              <td>{when(r.settled_at ?? r.created_at)}</td>
              <td>{m(r.amount)}</td>
              <td>{m(r.card_amount)}</td>
              <td>{m(r.gift_card_amount)}</td>
              <td>{r.source}</td>
              <td>
                {r.status}
                {r.failure ? (
                  <small class="muted">
                    {" "}
                    {r.asked === null ? "" : `(asked ${m(r.asked)}) `}
                    {r.failure}
                  </small>
                ) : null}
              </td>
              <td>
                {(JSON.parse(r.lines) as { sku: string; quantity: number }[])
                  .map((l) => `${l.quantity} × ${l.sku}`)
                  .join(", ")}
              </td>
              <td>{r.reason ?? ""}</td>
              <td>{r.provider_refund_id ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Refunded {formatMoney(props.order.refundedTotal)} of {formatMoney(props.order.total)}; net{" "}
        {formatMoney(props.order.netTotal)}.
      </p>
    </Wide>
  );
}

/**
 * A partial refund: an amount, or units of lines (each with its share of the discounts, the
 * shipping and the tax). The form carries its own idempotency key, so a second submit of the
 * same page replays the refund instead of refunding twice.
 */
export function PartialRefundForm(props: { order: StoredOrder; action: string; error?: string }) {
  const digits = minorDigits(props.order.currency);
  return (
    <form method="post" action={props.action} class="confirm">
      <input type="hidden" name="key" value={crypto.randomUUID()} />
      <div class="field">
        <label for="refund-amount">
          Amount ({props.order.currency}), or leave empty to refund the lines' share
        </label>
        <input
          id="refund-amount"
          name="amount"
          inputmode="decimal"
          placeholder={digits ? "0.00" : "0"}
        />
      </div>
      {props.order.lines.map((l, i) => (
        <div class="field">
          <label for={`refund-line-${i}`}>
            Units of {l.title} ({l.sku}), of {l.quantity}
          </label>
          <input
            id={`refund-line-${i}`}
            name={`qty.${l.sku}`}
            type="number"
            min="0"
            max={l.quantity}
            value="0"
          />
        </div>
      ))}
      <div class="field">
        <label for="refund-reason">Reason (kept with the refund)</label>
        <input id="refund-reason" name="reason" maxlength={500} />
      </div>
      <ConfirmBox id="partial-refund" error={props.error}>
        Yes, refund this to the shopper (nothing is restocked)
      </ConfirmBox>
      <button type="submit" class="danger">
        Refund part
      </button>
    </form>
  );
}

/** The form's fields as a refund request, or what is wrong with them. */
export async function partialRefundOf(
  c: Context<AppEnv>,
  order: StoredOrder,
): Promise<{ error: string } | { done: string }> {
  const form = await formFields(c);
  if (fieldText(form, "confirm") !== "yes") return { error: "Tick the box to confirm the refund." };
  const key = fieldText(form, "key");
  if (!key || key.length < 8) return { error: "The form is stale: open the order again." };
  const amountText = fieldText(form, "amount")?.trim() ?? "";
  const amount =
    amountText === "" ? undefined : parsePrice(amountText, minorDigits(order.currency));
  if (amount === null || amount === 0) return { error: "The amount is not a price." };
  const lines = order.lines
    .map((l) => ({ sku: l.sku, quantity: Number(fieldText(form, `qty.${l.sku}`) ?? "0") }))
    .filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);
  if (amount === undefined && lines.length === 0) return { error: "Give an amount or some units." };
  const reason = fieldText(form, "reason")?.trim() || undefined;
  const body = {
    ...(amount === undefined ? {} : { amount: money(amount, order.currency) }),
    ...(lines.length > 0 ? { lines } : {}),
    ...(reason ? { reason } : {}),
  };
  try {
    const { refund } = await refundPart(refundDeps(c.env), order.id, {
      key,
      requestHash: await requestHash(body),
      ...body,
    });
    deliverEmailsSoon(c);
    return { done: `Refunded ${formatMoney(money(refund.amount, order.currency))}.` };
  } catch (err) {
    if (!(err instanceof AppError) || err.code === "internal") throw err;
    const fields = err.errors?.map((e) => e.message).join("; ");
    return { error: `Not refunded: ${err.detail}${fields ? ` (${fields})` : ""}` };
  }
}
