import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { readConfig } from "../../src/config";
import { WEBHOOK_EVENT_TYPES } from "../../src/db/webhook-schema";
import { listDeliveries, markForResend } from "../../src/webhooks/deliveries";
import {
  createEndpoint,
  deleteEndpoint,
  type Endpoint,
  endpointUrlProblem,
  findEndpoint,
  listEndpoints,
  updateEndpoint,
} from "../../src/webhooks/endpoints";
import type { AppEnv } from "../app-env";
import { pageRefusal } from "../problem";
import { deliverWebhooks } from "../webhooks/outbound";
import { AdminLayout, Wide } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { formFields } from "./form";
import { Field, TableHead } from "./layout";

interface ListState {
  values?: { url?: string; description?: string; events?: string[] };
  errors?: { url?: string; events?: string };
  /** An endpoint just registered, with its secret: shown on this one answer, never again. */
  created?: Endpoint & { secret: string };
  status?: ContentfulStatusCode;
}

const back = (c: Context, path: string, notice: string) =>
  c.redirect(`${path}?notice=${encodeURIComponent(notice)}`, 303);

async function endpointsPage(c: Context<AppEnv>, state: ListState = {}) {
  const endpoints = await listEndpoints(c.env.DB);
  const values = state.values ?? {};
  const errors = state.errors ?? {};
  const invalid = Object.keys(errors).length > 0;
  return adminHtml(
    c,
    <AdminLayout
      title="Webhooks"
      section="webhooks"
      notice={c.req.query("notice")}
      error={invalid ? "Please correct the marked fields." : undefined}
    >
      <h1>Webhooks</h1>
      <p>
        Other systems (an ERP, a warehouse, a marketing tool) hear of changes as signed POSTs. See
        the README's “Verify a webhook signature”.
      </p>
      {state.created ? (
        <section class="notice" aria-live="polite">
          <h2>Endpoint registered</h2>
          <p>
            Its signing secret, shown only now: <code>{state.created.secret}</code>
          </p>
        </section>
      ) : null}
      <Wide>
        <table>
          <caption class="skip">Endpoints</caption>
          <TableHead columns={["URL", "Events", "State"]} />
          <tbody>
            {endpoints.map((e) => (
              <tr>
                <td>
                  <a href={`/admin/webhooks/${e.id}`}>{e.url}</a>
                </td>
                <td>{e.events.join(", ")}</td>
                <td>{e.enabled ? "on" : "paused"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
      <form method="post" action="/admin/webhooks" novalidate>
        <fieldset>
          <legend>Register an endpoint</legend>
          <Field name="url" label="URL" hint="https://…" value={values.url} error={errors.url} />
          <Field name="description" label="Description (optional)" value={values.description} />
          <fieldset aria-describedby={errors.events ? "f-events-error" : undefined}>
            <legend>Events</legend>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <div class="field">
                <label>
                  <input
                    type="checkbox"
                    name={`event:${type}`}
                    value="yes"
                    checked={values.events?.includes(type)}
                  />{" "}
                  {type}
                </label>
              </div>
            ))}
            {errors.events ? (
              <span id="f-events-error" class="error">
                {errors.events}
              </span>
            ) : null}
          </fieldset>
          <button type="submit">Register endpoint</button>
        </fieldset>
      </form>
    </AdminLayout>,
    state.status ?? (invalid ? 400 : 200),
  );
}

async function endpointPage(c: Context<AppEnv>, id: string) {
  const endpoint = await findEndpoint(c.env.DB, id);
  const { items } = await listDeliveries(c.env.DB, id, { limit: 100 });
  const path = `/admin/webhooks/${id}`;
  return adminHtml(
    c,
    <AdminLayout
      title={`Webhook ${endpoint.url}`}
      section="webhooks"
      notice={c.req.query("notice")}
    >
      <h1>Webhook endpoint</h1>
      <p>
        <code>{endpoint.url}</code>: {endpoint.events.join(", ")}.{" "}
        {endpoint.enabled ? "On." : "Paused: nothing new is queued for it."}
        {endpoint.description ? ` ${endpoint.description}` : ""}
      </p>
      <div>
        <form
          method="post"
          action={`${path}/${endpoint.enabled ? "pause" : "resume"}`}
          class="inline"
        >
          <button type="submit" class="secondary">
            {endpoint.enabled ? "Pause" : "Resume"}
          </button>
        </form>
        <form method="post" action={`${path}/delete`} class="inline">
          <button type="submit" class="secondary">
            Remove
          </button>
        </form>
      </div>
      <h2>Deliveries</h2>
      <Wide>
        <table>
          <caption class="skip">The last 100 deliveries, newest first</caption>
          <TableHead
            columns={[
              "Event",
              "Status",
              { label: "Attempts", numeric: true },
              "Last answer",
              { label: "Send again", hidden: true },
            ]}
          />
          <tbody>
            {items.map((d) => (
              <tr>
                <td>
                  {d.type} <small class="muted">{d.eventId}</small>
                </td>
                <td>{d.status}</td>
                <td class="num">{d.attempts}</td>
                <td>{d.lastError ?? (d.lastStatus === null ? "" : String(d.lastStatus))}</td>
                <td>
                  {d.status === "sending" ? null : (
                    <form method="post" action={`${path}/deliveries/${d.id}/resend`} class="inline">
                      <button type="submit" class="link">
                        Send again
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
    </AdminLayout>,
  );
}

/** Runs a change from a page; a refusal (unknown endpoint, a delivery being sent) is its page. */
async function change(c: Context<AppEnv>, run: () => Promise<Response>) {
  try {
    return await run();
  } catch (err) {
    const { error, status } = pageRefusal(err);
    return adminHtml(
      c,
      <AdminLayout title="Webhooks" section="webhooks" error={error}>
        <h1>Webhooks</h1>
        <p>
          <a href="/admin/webhooks">Back to the webhooks</a>
        </p>
      </AdminLayout>,
      status,
    );
  }
}

export const adminWebhookPages = new Hono<AppEnv>()
  .get("/admin/webhooks", (c) => endpointsPage(c))
  .post("/admin/webhooks", async (c) => {
    const form = await formFields(c);
    const values = {
      url: (form.url ?? "").trim(),
      description: (form.description ?? "").trim().slice(0, 200),
      events: WEBHOOK_EVENT_TYPES.filter((type) => form[`event:${type}`] === "yes"),
    };
    const urlProblem = endpointUrlProblem(values.url, readConfig(c.env).deployment === "local");
    const errors = {
      ...(urlProblem ? { url: `The URL ${urlProblem}.` } : {}),
      ...(values.events.length === 0 ? { events: "Choose at least one event." } : {}),
    };
    if (Object.keys(errors).length > 0) return endpointsPage(c, { values, errors });
    const created = await createEndpoint(c.env.DB, {
      ...values,
      description: values.description || null,
    });
    return endpointsPage(c, { created, status: 201 });
  })
  .get("/admin/webhooks/:id", (c) => change(c, () => endpointPage(c, c.req.param("id"))))
  .post("/admin/webhooks/:id/:action{pause|resume}", (c) =>
    change(c, async () => {
      const { id, action } = c.req.param();
      await updateEndpoint(c.env.DB, id, { enabled: action === "resume" });
      return back(c, `/admin/webhooks/${id}`, action === "resume" ? "Resumed." : "Paused.");
    }),
  )
  .post("/admin/webhooks/:id/delete", (c) =>
    change(c, async () => {
      await deleteEndpoint(c.env.DB, c.req.param("id"));
      return back(c, "/admin/webhooks", "The endpoint is removed.");
    }),
  )
  .post("/admin/webhooks/:id/deliveries/:delivery{[0-9]+}/resend", (c) =>
    change(c, async () => {
      const { id, delivery } = c.req.param();
      await markForResend(c.env.DB, id, Number(delivery));
      await deliverWebhooks(c.env);
      return back(c, `/admin/webhooks/${id}`, "Sent again.");
    }),
  );
