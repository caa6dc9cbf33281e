import type { Context } from "hono";
import { Hono } from "hono";
import { raw } from "hono/html";
import { chosenProvider, readConfig } from "../../src/config";
import type { EmailKind } from "../../src/db/schema";
import { emailProvider } from "../../src/emails/index";
import { type EmailSummary, findEmail, markForResend, recentEmails } from "../../src/emails/outbox";
import { AppError } from "../../src/errors";
import { EmailKindSchema } from "../../src/schemas/emails";
import type { AppEnv } from "../app-env";
import { deliverOrderEmails } from "../emails/deliver";
import { AdminLayout, Wide } from "./admin-layout";
import { Allowed, adminHtml } from "./admin-role";
import { formFields } from "./form";
import { TableHead } from "./layout";
import { StatusBadge } from "./order-pages";

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace("T", " ") : "");

const emailPath = (e: { orderId: string; kind: string }) =>
  `/admin/orders/${encodeURIComponent(e.orderId)}/emails/${e.kind}`;

/** Where a resend returns: a back-office page it was sent from, else the emails page. */
const returnPath = (value: unknown) =>
  typeof value === "string" && /^\/admin(\/[\w/.-]*)?$/.test(value) ? value : "/admin/emails";

function ResendButton(props: {
  email: EmailSummary & { orderId: string };
  returnTo?: string | undefined;
}) {
  return (
    <Allowed post={`${emailPath(props.email)}/resend`}>
      <form method="post" action={`${emailPath(props.email)}/resend`} class="inline">
        {props.returnTo ? <input type="hidden" name="returnTo" value={props.returnTo} /> : null}
        <button type="submit" class="secondary">
          Resend
          <span class="skip">
            {" "}
            the {props.email.kind} email of {props.email.orderId}
          </span>
        </button>
      </form>
    </Allowed>
  );
}

/** Emails with their status, each viewable and (unless being sent) resendable. */
export function EmailsTable(props: { emails: EmailSummary[]; returnTo?: string }) {
  return (
    <Wide>
      <table>
        <TableHead
          columns={[
            "Order",
            "Email",
            "Status",
            { label: "Attempts", numeric: true },
            "Last error",
            "Sent or next try (UTC)",
            { label: "Actions", hidden: true },
          ]}
        />
        <tbody>
          {props.emails.map((e) => (
            <tr>
              <td>
                {e.orderId === null ? (
                  <span class="muted">account</span>
                ) : (
                  <a href={`/admin/orders/${encodeURIComponent(e.orderId)}`}>{e.orderId}</a>
                )}
              </td>
              <td>
                {e.orderId === null ? (
                  e.kind
                ) : (
                  <a href={emailPath({ orderId: e.orderId, kind: e.kind })}>{e.kind}</a>
                )}
              </td>
              <td>
                <StatusBadge status={e.status} />
              </td>
              <td class="num">{e.attempts}</td>
              <td>{e.lastError ?? ""}</td>
              <td>{when(e.sentAt ?? e.nextAttemptAt)}</td>
              <td>
                {e.status === "sending" || e.orderId === null ? null : (
                  <ResendButton email={{ ...e, orderId: e.orderId }} returnTo={props.returnTo} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

/** The outbox: the latest emails, failed ones first, each viewable and resendable. */
export function EmailsSection(props: { emails: EmailSummary[]; provider: string | undefined }) {
  return (
    <section aria-labelledby="emails">
      <h2 id="emails">Emails</h2>
      <p class="muted">
        Order emails through the{" "}
        <code>{props.provider ?? "(none: EMAIL_PROVIDER is not set)"}</code> provider, failed ones
        first. A failed send is tried again with backoff, then marked failed; Resend sends one again
        now.
      </p>
      {props.emails.length === 0 ? (
        <p>No email has been queued yet.</p>
      ) : (
        <EmailsTable emails={props.emails} />
      )}
    </section>
  );
}

/** The order id and email kind of a URL, if they can be those at all. */
function emailKey(c: Context<AppEnv>): { orderId: string; kind: EmailKind } | null {
  const orderId = c.req.param("id") ?? "";
  const kind = EmailKindSchema.safeParse(c.req.param("kind"));
  return kind.success && orderId.length <= 100 ? { orderId, kind: kind.data } : null;
}

const EMAIL_PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https: http:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const adminEmailPages = new Hono<AppEnv>()
  .get("/admin/emails", async (c) => {
    const emails = await recentEmails(c.env.DB, 50);
    return adminHtml(
      c,
      <AdminLayout title="Emails" section="emails" notice={c.req.query("notice")}>
        <h1>Emails</h1>
        <EmailsSection
          emails={emails}
          provider={chosenProvider(readConfig(c.env), "emailProvider")}
        />
      </AdminLayout>,
    );
  })
  .get("/admin/orders/:id/emails/:kind", async (c) => {
    const key = emailKey(c);
    const found = key ? await findEmail(c.env.DB, key.orderId, key.kind) : null;
    if (!found || !key) return c.notFound();
    const email = { ...found, orderId: key.orderId };
    return adminHtml(
      c,
      <AdminLayout title={`Email ${email.kind} of ${email.orderId}`} section="emails">
        <p>
          <a href={`/admin/orders/${encodeURIComponent(email.orderId)}`}>Order {email.orderId}</a>
        </p>
        <h1>{email.subject ?? `${email.kind} (not rendered yet)`}</h1>
        <dl>
          <dt>To</dt>
          <dd>{email.recipient}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={email.status} /> after {email.attempts} attempt(s)
            {email.lastError ? `: ${email.lastError}` : ""}
          </dd>
          <dt>Queued (UTC)</dt>
          <dd>{when(email.createdAt)}</dd>
          <dt>Sent (UTC)</dt>
          <dd>{when(email.sentAt) || "not yet"}</dd>
        </dl>
        {email.status === "sending" ? null : <ResendButton email={email} />}
        <h2>Plain text</h2>
        <pre>{email.text ?? "Rendered at its first attempt."}</pre>
        {email.html ? (
          <p>
            <a href={`${emailPath(email)}/html`}>The HTML version</a>
          </p>
        ) : null}
      </AdminLayout>,
    );
  })
  // The HTML part as the customer's mail program gets it (its values were escaped when rendered).
  // Emails carry their styles inline, which this page's policy allows; it still runs no script,
  // loads nothing but pictures and submits no form.
  .get("/admin/orders/:id/emails/:kind/html", async (c) => {
    const key = emailKey(c);
    const email = key ? await findEmail(c.env.DB, key.orderId, key.kind) : null;
    if (!email?.html) return c.notFound();
    c.header("content-security-policy", EMAIL_PREVIEW_CSP);
    return c.html(raw(email.html));
  })
  .post("/admin/orders/:id/emails/:kind/resend", async (c) => {
    const key = emailKey(c);
    if (!key) return c.notFound();
    const returnTo = returnPath((await formFields(c)).returnTo);
    let notice: string;
    try {
      // A provider refused here (production without a real one) says so before anything changes.
      emailProvider(c.env);
      await markForResend(c.env.DB, key.orderId, key.kind);
      await deliverOrderEmails(c.env, key.orderId);
      const email = await findEmail(c.env.DB, key.orderId, key.kind);
      notice = `${key.kind} of ${key.orderId}: ${email?.status ?? "gone"}${email?.lastError ? ` (${email.lastError})` : ""}.`;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === "not_found") return c.notFound();
      notice = err.detail;
    }
    return c.redirect(`${returnTo}?notice=${encodeURIComponent(notice)}`, 303);
  });
