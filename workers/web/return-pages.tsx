// Returns on the pages: the shopper's on their order's page (ask, follow), the merchant's on the
// order's back-office page (approve, refuse, receive) and the list of returns to handle.
import type { Context } from "hono";
import { Hono } from "hono";
import { requestHash } from "../../src/checkout/request-hash";
import { RETURN_STATUSES, type ReturnStatus } from "../../src/db/fulfillment-schema";
import { AppError } from "../../src/errors";
import type { StoredOrder } from "../../src/orders/read";
import { listReturns, type Return, returnable } from "../../src/returns/read";
import { decideReturn, receiveReturn, requestReturn } from "../../src/returns/returns";
import type { Order } from "../../src/schemas/orders";
import type { AppEnv } from "../app-env";
import { returnDeps } from "../deps";
import { deliverEmailsSoon } from "../emails/deliver";
import { statusOf } from "../problem";
import { AdminLayout, Wide } from "./admin-layout";
import { Allowed, adminHtml } from "./admin-role";
import { fieldText, formFields } from "./form";
import { TableHead } from "./layout";
import { orderPath, visibleOrder } from "./order-access";

const RETURN_WORDS: Record<ReturnStatus, string> = {
  requested: "Requested",
  approved: "Approved: send it back",
  refused: "Not accepted",
  received: "Received and refunded",
};

const unitsOf = (order: Pick<Order, "lines">, r: Return) =>
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

/** The order's returns in the back office, each with the step it waits for. */
export function AdminReturns(props: { order: StoredOrder; returns: Return[] }) {
  if (props.returns.length === 0) return <p class="muted">No returns.</p>;
  const path = (r: Return, step: string) => `/admin/returns/${r.id}/${step}`;
  return (
    <Wide>
      <table>
        <caption class="skip">Returns</caption>
        <TableHead columns={["Return", "Units", "Reason", "Status", "Next"]} />
        <tbody>
          {props.returns.map((r) => (
            <tr>
              <td>#{r.number}</td>
              <td>{unitsOf(props.order, r)}</td>
              <td>{r.reason ?? ""}</td>
              <td>
                {r.status}
                {r.note ? ` (${r.note})` : ""}
              </td>
              <td>
                {r.status === "requested" ? (
                  <Allowed post={path(r, "decide")}>
                    <form method="post" action={path(r, "decide")} class="inline-form">
                      <label for={`note-${r.id}`}>Note to the shopper</label>
                      <input id={`note-${r.id}`} name="note" maxlength={500} />
                      <button type="submit" name="decision" value="approved">
                        Approve
                      </button>{" "}
                      <button type="submit" name="decision" value="refused" class="secondary">
                        Refuse
                      </button>
                    </form>
                  </Allowed>
                ) : r.status === "approved" ? (
                  <Allowed post={path(r, "receive")}>
                    <form method="post" action={path(r, "receive")} class="inline-form">
                      <label>
                        <input type="checkbox" name="restock" value="yes" checked /> Back to stock
                      </label>{" "}
                      <button type="submit">Received: refund it</button>
                    </form>
                  </Allowed>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

async function returnsPage(c: Context<AppEnv>) {
  const status = c.req.query("status");
  const chosen = (RETURN_STATUSES as readonly string[]).includes(status ?? "")
    ? (status as ReturnStatus)
    : undefined;
  const items = await listReturns(c.env.DB, chosen);
  return adminHtml(
    c,
    <AdminLayout title="Returns" section="returns" notice={c.req.query("notice")}>
      <h1>Returns</h1>
      <p>
        {["requested", "approved", "received", "refused"].map((s) => (
          <>
            <a href={`/admin/returns?status=${s}`} aria-current={s === chosen ? "page" : undefined}>
              {s}
            </a>{" "}
          </>
        ))}
        <a href="/admin/returns">all</a>
      </p>
      <Wide>
        <table>
          <caption class="skip">Returns, newest first</caption>
          <TableHead columns={["Order", "Return", "Status", "Asked (UTC)"]} />
          <tbody>
            {items.map((r) => (
              <tr>
                <td>
                  <a href={`/admin/orders/${r.orderId}#returns`}>{r.orderId}</a>
                </td>
                <td>#{r.number}</td>
                <td>{r.status}</td>
                <td>{r.createdAt.slice(0, 19).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
    </AdminLayout>,
  );
}

/** Runs a step from a form and goes back to the order, with what happened (or why not) on top. */
async function step(c: Context<AppEnv>, run: () => Promise<Return>) {
  try {
    const ret = await run();
    deliverEmailsSoon(c);
    const notice = `Return #${ret.number} is ${ret.status}.`;
    return c.redirect(
      `/admin/orders/${ret.orderId}?notice=${encodeURIComponent(notice)}#returns`,
      303,
    );
  } catch (err) {
    if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
    return adminHtml(
      c,
      <AdminLayout title="Returns" section="returns" error={err.detail}>
        <h1>Returns</h1>
        <p>
          <a href="/admin/returns">Back to the returns</a>
        </p>
      </AdminLayout>,
      statusOf(err.code),
    );
  }
}

export const returnPages = new Hono<AppEnv>()
  .get("/admin/returns", (c) => returnsPage(c))
  .post("/admin/returns/:id/decide", async (c) => {
    const form = await formFields(c);
    const decision = fieldText(form, "decision") === "refused" ? "refused" : "approved";
    return step(c, () =>
      decideReturn(c.env.DB, c.req.param("id"), decision, fieldText(form, "note") || null),
    );
  })
  .post("/admin/returns/:id/receive", async (c) => {
    const restock = fieldText(await formFields(c), "restock") === "yes";
    return step(c, () => receiveReturn(returnDeps(c.env), c.req.param("id"), restock));
  })
  .post("/orders/:id/returns", async (c) => {
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
