// Returns in the back office: on the order's page (approve, refuse, receive) and the list of
// returns to handle.
import type { Context } from "hono";
import { Hono } from "hono";
import { RETURN_STATUSES, type ReturnStatus } from "../../src/db/fulfillment-schema";
import { AppError } from "../../src/errors";
import type { StoredOrder } from "../../src/orders/read";
import { listReturns, type Return } from "../../src/returns/read";
import { decideReturn, receiveReturn } from "../../src/returns/returns";
import type { AppEnv } from "../app-env";
import { returnDeps } from "../deps";
import { deliverEmailsSoon } from "../emails/deliver";
import { statusOf } from "../problem";
import { AdminLayout, Wide } from "./admin-layout";
import { Allowed, adminHtml } from "./admin-role";
import { fieldText, formFields } from "./form";
import { TableHead } from "./layout";
import { unitsOf } from "./return-pages";

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

export const adminReturnPages = new Hono<AppEnv>()
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
  });
