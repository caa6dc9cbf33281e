import type { Context } from "hono";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { emailKey } from "../../src/auth/customers";
import { revokeSession } from "../../src/auth/revoked-sessions";
import { secretsEqual } from "../../src/constant-time";
import { AppError } from "../../src/errors";
import { StaffPasswordSchema } from "../../src/schemas/staff";
import { acceptInvite, invitedBy } from "../../src/staff/members";
import { authenticateStaff } from "../../src/staff/staff-auth";
import type { AppEnv } from "../app-env";
import { checkCredentials, limitByAddress } from "../auth/session";
import { ADMIN_COOKIE, ADMIN_SESSION_SECONDS, issueAdminToken } from "../auth/tokens";
import { adminSession } from "./admin-session";
import { clearHostCookie, setHostCookie } from "./cookies";
import { fieldText, formFields } from "./form";
import { Alert, Document, Field } from "./layout";

/** A member's account locks for 15 minutes after 20 failed sign-ins, from wherever they came. */
const STAFF_LOCK = { max: 20, windowSeconds: 15 * 60 };

/** The back office's own bare page: its name on top, no nav (nobody is signed in yet). */
function Bare(props: { title: string; children?: Child }) {
  return (
    <Document title={props.title}>
      <header class="site admin">
        <div class="bar">
          <a class="logo" href="/admin">
            Back office
          </a>
        </div>
      </header>
      <main id="main">
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Document>
  );
}

/** Sign-in: a member's email, password and (once set up) code; or the bootstrap ADMIN_TOKEN. */
export function LoginPage(props: { error?: string; email?: string }) {
  return (
    <Bare title="Back office">
      {props.error ? <Alert>{props.error}</Alert> : null}
      <form method="post" action="/admin/login" novalidate>
        <Field
          name="email"
          label="Email"
          type="email"
          autocomplete="username"
          value={props.email}
          required
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          required
        />
        <Field
          name="code"
          label="Code from your authenticator app"
          autocomplete="one-time-code"
          hint="Only if you set up two-factor sign-in"
        />
        <button type="submit">Sign in</button>
      </form>
      <details>
        <summary>Sign in with the admin token</summary>
        <form method="post" action="/admin/login" novalidate>
          <Field
            name="token"
            label="Admin token"
            type="password"
            autocomplete="off"
            hint="The ADMIN_TOKEN secret (locally in .dev.vars): the shop's first sign-in, as its owner"
            required
          />
          <button type="submit">Sign in with the token</button>
        </form>
      </details>
    </Bare>
  );
}

async function signIn(c: Context<AppEnv>, who: Parameters<typeof issueAdminToken>[1]) {
  const token = await issueAdminToken(c.env.JWT_SECRET, who);
  setHostCookie(c, ADMIN_COOKIE, token, { maxAge: ADMIN_SESSION_SECONDS, strict: true });
}

/** A member's session goes on under their new session version (after a password or 2FA change). */
export const renewStaffSession = (c: Context<AppEnv>, staffId: string, ver: number) =>
  signIn(c, { staffId, ver });

const refusal = (err: unknown): err is AppError =>
  err instanceof AppError && (err.code === "rate_limited" || err.code === "token_invalid");

/** A member's sign-in: null for wrong credentials (counted), else the outcome. */
function staffSignIn(c: Context<AppEnv>, form: Record<string, string>) {
  const email = fieldText(form, "email");
  return checkCredentials(
    c,
    `staff:${emailKey(email)}`,
    async () => {
      const result = await authenticateStaff(c.env.DB, {
        email,
        password: form.password ?? "",
        code: fieldText(form, "code") || undefined,
      });
      return result.ok || result.reason === "code_needed" ? result : null;
    },
    STAFF_LOCK,
  );
}

async function login(c: Context<AppEnv>) {
  const form = await formFields(c);
  const email = fieldText(form, "email");
  if ("token" in form) {
    const token = fieldText(form, "token");
    const ok = await checkCredentials(c, "dashboard", async () =>
      token && (await secretsEqual(token, c.env.ADMIN_TOKEN)) ? true : null,
    );
    if (!ok) return c.html(<LoginPage error="That is not the admin token." />, 401);
    await signIn(c, { adminToken: c.env.ADMIN_TOKEN });
    return c.redirect("/admin", 303);
  }
  const result = await staffSignIn(c, form);
  if (!result) {
    return c.html(<LoginPage email={email} error="That email and password do not match." />, 401);
  }
  if (!result.ok) {
    const error = "This account signs in with a code too: type the one your app shows now.";
    return c.html(<LoginPage email={email} error={error} />, 401);
  }
  await signIn(c, { staffId: result.member.id, ver: result.sessionVersion });
  return c.redirect("/admin", 303);
}

function InvitePage(props: { token: string; email: string; name: string | null; error?: string }) {
  return (
    <Bare title="Join the back office">
      <p>
        You are invited to the shop's back office as <strong>{props.email}</strong>. Choose a
        password to sign in with.
      </p>
      <form method="post" action="/admin/invite" novalidate>
        <input type="hidden" name="token" value={props.token} />
        <Field name="name" label="Your name" autocomplete="name" value={props.name ?? undefined} />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters"
          error={props.error}
          required
        />
        <button type="submit">Join</button>
      </form>
    </Bare>
  );
}

const inviteGone = (c: Context<AppEnv>, detail: string, status: 400 | 429) =>
  c.html(
    <Bare title="Join the back office">
      <Alert>{detail}</Alert>
    </Bare>,
    status,
  );

/** Signing in and out, and accepting an invitation: the back office's open doors. */
export const adminSignInPages = new Hono<AppEnv>()
  .post("/admin/login", async (c) => {
    try {
      return await login(c);
    } catch (err) {
      if (!refusal(err)) throw err;
      return c.html(<LoginPage error={err.detail} />, 429);
    }
  })
  .post("/admin/logout", async (c) => {
    // The cookie goes, and the session with it: a copy of the token is refused from now on.
    const session = await adminSession(c);
    if (session) await revokeSession(c.env.DB, session.sid, session.exp);
    clearHostCookie(c, ADMIN_COOKIE);
    return c.redirect("/admin", 303);
  })
  .get("/admin/invite", async (c) => {
    const token = c.req.query("token") ?? "";
    const member = token ? await invitedBy(c.env.DB, token) : null;
    if (!member) {
      return inviteGone(
        c,
        "This invitation is not valid: it was used already, it expired, or a newer one replaced it. Ask the shop's owner for a new one.",
        400,
      );
    }
    return c.html(<InvitePage token={token} email={member.email} name={member.name} />);
  })
  .post("/admin/invite", async (c) => {
    const form = await formFields(c);
    const token = fieldText(form, "token");
    const name = fieldText(form, "name") || undefined;
    const password = StaffPasswordSchema.safeParse(form.password ?? "");
    try {
      await limitByAddress(c);
      if (!password.success) {
        const member = await invitedBy(c.env.DB, token);
        if (!member) throw new AppError("token_invalid", "This invitation is not valid any more.");
        const error = password.error.issues[0]?.message ?? "Choose another password.";
        return c.html(
          <InvitePage token={token} email={member.email} name={name ?? null} error={error} />,
          400,
        );
      }
      const { member, sessionVersion } = await acceptInvite(c.env.DB, token, {
        password: password.data,
        name,
      });
      await signIn(c, { staffId: member.id, ver: sessionVersion });
      return c.redirect(`/admin?notice=${encodeURIComponent("Welcome to the back office.")}`, 303);
    } catch (err) {
      if (!refusal(err)) throw err;
      return inviteGone(c, err.detail, err.code === "rate_limited" ? 429 : 400);
    }
  });
