import { Hono } from "hono";
import { auditEntries } from "../../src/staff/audit";
import type { AppEnv } from "../app-env";
import { AdminLayout, Wide } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { Field, TableHead } from "./layout";

const when = (iso: string) => iso.slice(0, 19).replace("T", " ");

/** The audit log, newest first, filtered by who, what or on what; it has no edit or delete. */
export const adminAuditPages = new Hono<AppEnv>().get("/admin/audit", async (c) => {
  const filter = {
    actor: c.req.query("actor")?.trim().slice(0, 100) || undefined,
    action: c.req.query("action")?.trim().slice(0, 200) || undefined,
    target: c.req.query("target")?.trim().slice(0, 500) || undefined,
  };
  const before = Number(c.req.query("before"));
  const page = await auditEntries(c.env.DB, {
    limit: 50,
    before: Number.isSafeInteger(before) && before > 0 ? before : null,
    ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
  });
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({
      ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
      ...extra,
    } as Record<string, string>).toString();
  return adminHtml(
    c,
    <AdminLayout title="Audit log" section="audit">
      <h1>Audit log</h1>
      <p class="muted">
        Every change made in the back office or through the admin API: who, what, on what, when.
        Nobody can edit or delete it.
      </p>
      <form method="get" action="/admin/audit" class="filters">
        <Field name="actor" label="Who (an actor's id)" value={filter.actor} />
        <Field name="action" label="What (e.g. PATCH /products/:slug)" value={filter.action} />
        <Field name="target" label="On what (e.g. products/tee)" value={filter.target} />
        <button type="submit">Filter</button>
      </form>
      {page.items.length === 0 ? (
        <p>
          Nothing recorded{filter.actor || filter.action || filter.target ? " that matches" : ""}.
        </p>
      ) : (
        <Wide>
          <table>
            <TableHead columns={["At (UTC)", "Who", "What", "On what", "Changes", "Request"]} />
            <tbody>
              {page.items.map((e) => (
                <tr>
                  <td>{when(e.at)}</td>
                  <td>
                    <a href={`/admin/audit?${new URLSearchParams({ actor: e.actor.id })}`}>
                      {e.actor.name}
                    </a>{" "}
                    <small class="muted">{e.actor.kind}</small>
                  </td>
                  <td>{e.action}</td>
                  <td>
                    <a href={`/admin/audit?${new URLSearchParams({ target: e.target })}`}>
                      {e.target}
                    </a>
                  </td>
                  <td>{e.changes === undefined ? "" : <code>{JSON.stringify(e.changes)}</code>}</td>
                  <td>
                    <small class="muted">{e.requestId ?? ""}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Wide>
      )}
      {page.nextBefore === null ? null : (
        <p>
          <a href={`/admin/audit?${query({ before: String(page.nextBefore) })}`}>Older entries</a>
        </p>
      )}
    </AdminLayout>,
  );
});
