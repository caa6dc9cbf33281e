// Returns on the shopper's order page: ask for one, follow it (the back office's are in admin-returns.tsx).
import { Hono } from "hono";
import { requestHash } from "../../src/checkout/request-hash";
import type { ReturnStatus } from "../../src/db/fulfillment-schema";
import { AppError } from "../../src/errors";
import { type Return, returnable } from "../../src/returns/read";
import { requestReturn } from "../../src/returns/returns";
import type { Order } from "../../src/schemas/orders";
import type { AppEnv } from "../app-env";
import { returnDeps } from "../deps";
import { deliverEmailsSoon } from "../emails/deliver";
import { statusOf } from "../problem";
import { fieldText, formFields } from "./form";
import { orderPath, visibleOrder } from "./order-access";

const RETURN_WORDS: Record<ReturnStatus, string> = {
  requested: "Requested",
  approved: "Approved: send it back",
  refused: "Not accepted",
  received: "Received and refunded",
};

export const unitsOf = (order: Pick<Order, "lines">, r: Return) =>
  r.lines
    .map((l) => {
      const line = order.lines.find((x) => x.sku === l.sku);
      return `${l.quantity} × ${line ? `${line.title} ${line.variantTitle}`.trim() : l.sku}`;
    })
    .join(", ");

/** The units the shopper may still return, and until when (nothing when the window is shut). */
export async function returnsFormState(env: Env, orderId: string) {
  const { units, until } = await returnable(env.DB, orderId, returnDeps(env).windowDays);
  const open = until !== null && Date.now() <= until.getTime();
  return { units: open ? units : new Map<string, number>(), until };
}

/** The shopper's returns of an order, and the form to ask for one while units can go back. */
export function ShopperReturns(props: {
  order: Order;
  /** The order link's key, when the link opened the page. */
  orderKey?: string | undefined;
  returns: Return[];
  units: Map<string, number>;
  until: Date | null;
}) {
  const { order, returns, units, until } = props;
  const can = [...units.values()].some((n) => n > 0);
  if (returns.length === 0 && !can) return null;
  return (
    <section id="returns" aria-labelledby="returns-heading">
      <h2 id="returns-heading">Returns</h2>
      <ul>
        {returns.map((r) => (
          <li>
            Return #{r.number}: {unitsOf(order, r)}. <strong>{RETURN_WORDS[r.status]}</strong>
            {r.note ? ` (${r.note})` : ""}
          </li>
        ))}
      </ul>
      {can ? (
        <form method="post" action={orderPath(order.id, props.orderKey, "/returns")}>
          <input type="hidden" name="key" value={crypto.randomUUID()} />
          <p class="muted">
            You can return what has shipped until {until?.toISOString().slice(0, 10)}.
          </p>
          {order.lines
            .filter((l) => (units.get(l.sku) ?? 0) > 0)
            .map((l, i) => (
              <div class="field">
                <label for={`return-${i}`}>
                  {l.title} {l.variantTitle}: how many to return (of {units.get(l.sku)})
                </label>
                <input
                  id={`return-${i}`}
                  name={`qty.${l.sku}`}
                  type="number"
                  min="0"
                  max={units.get(l.sku)}
                  value="0"
                />
              </div>
            ))}
          <div class="field">
            <label for="return-reason">Why (optional)</label>
            <input id="return-reason" name="reason" maxlength={500} />
          </div>
          <button type="submit" class="secondary">
            Ask to return
          </button>
        </form>
      ) : null}
    </section>
  );
}

export const returnPages = new Hono<AppEnv>().post("/orders/:id/returns", async (c) => {
  const seen = await visibleOrder(c, c.req.param("id"));
  if (!seen) return c.notFound();
  const { order } = seen;
  const form = await formFields(c);
  const lines = order.lines
    .map((l) => ({ sku: l.sku, quantity: Number(fieldText(form, `qty.${l.sku}`) || "0") }))
    .filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);
  const back = `${orderPath(order.id, seen.key)}#returns`;
  const key = fieldText(form, "key");
  if (lines.length === 0 || key.length < 8) return c.redirect(back, 303);
  const reason = fieldText(form, "reason").slice(0, 500) || null;
  try {
    await requestReturn(returnDeps(c.env), order.id, {
      key: `shopper:${key}`,
      requestHash: await requestHash({ lines, reason }),
      lines,
      reason,
    });
    deliverEmailsSoon(c);
  } catch (err) {
    if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
  }
  return c.redirect(back, 303);
});
