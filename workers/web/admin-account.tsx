import type { Context } from "hono";
import { Hono } from "hono";
import { revokeSession } from "../../src/auth/revoked-sessions";
import { newTotpSecret, totpUri } from "../../src/auth/totp";
import { readConfig } from "../../src/config";
import { AppError } from "../../src/errors";
import { StaffPasswordSchema } from "../../src/schemas/staff";
import { endStaffSessions } from "../../src/staff/members";
import { changeStaffPassword, setTwoFactor } from "../../src/staff/staff-auth";
import type { AdminSession, AppEnv } from "../app-env";
import { ADMIN_COOKIE } from "../auth/tokens";
import { AdminLayout } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { adminSession } from "./admin-session";
import { renewStaffSession } from "./admin-sign-in";
import { clearHostCookie } from "./cookies";
import { fieldText, formFields } from "./form";
import { Field } from "./layout";

type Errors = Partial<Record<"currentPassword" | "newPassword" | "code" | "offPassword", string>>;

/** A member's own account: password, two-factor sign-in, signing out everywhere. */
function MemberAccount(props: {
  session: AdminSession;
  errors: Errors;
  setup?: { secret: string; uri: string } | undefined;
}) {
  const { member } = props.session;
  const e = props.errors;
  if (!member) {
    return (
      <p>
        You are signed in with ADMIN_TOKEN, the shop's bootstrap owner credential: it has no account
        of its own. Invite the people who run the shop on the Staff page, each with their own role.
      </p>
    );
  }
  return (
    <>
      <p>
        {member.email}, {member.role}.
      </p>
      <h2>Password</h2>
      <form method="post" action="/admin/account/password" novalidate>
        <Field
          name="currentPassword"
          label="Current password"
          type="password"
          autocomplete="current-password"
          error={e.currentPassword}
          required
        />
        <Field
          name="newPassword"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters; your other sessions end"
          error={e.newPassword}
          required
        />
        <button type="submit">Change the password</button>
      </form>
      <h2>Two-factor sign-in</h2>
      {member.twoFactor ? (
        <form method="post" action="/admin/account/two-factor/off" novalidate>
          <p>On: signing in asks for a code from your authenticator app.</p>
          <Field
            name="offPassword"
            label="Your password, to turn it off"
            type="password"
            autocomplete="current-password"
            error={e.offPassword}
            required
          />
          <button type="submit" class="secondary">
            Turn two-factor sign-in off
          </button>
        </form>
      ) : props.setup ? (
        <form method="post" action="/admin/account/two-factor" novalidate>
          <p>
            Add this key to your authenticator app (as a time-based key), or open the address on the
            phone that has the app: <code>{props.setup.secret}</code>
          </p>
          <p>
            <a href={props.setup.uri}>{props.setup.uri}</a>
          </p>
          <input type="hidden" name="secret" value={props.setup.secret} />
          <Field
            name="code"
            label="The code your app shows"
            autocomplete="one-time-code"
            error={e.code}
            required
          />
          <button type="submit">Turn two-factor sign-in on</button>
        </form>
      ) : (
        <form method="get" action="/admin/account">
          <p>Off: your password alone signs you in.</p>
          <input type="hidden" name="setup" value="two-factor" />
          <button type="submit">Set up two-factor sign-in</button>
        </form>
      )}
      <h2>Sessions</h2>
      <form method="post" action="/admin/account/sessions/revoke">
        <p class="muted">Signs you out here and on every other device.</p>
        <button type="submit" class="secondary">
          Sign out everywhere
        </button>
      </form>
    </>
  );
}

async function accountPage(
  c: Context<AppEnv>,
  state: { errors?: Errors; setup?: { secret: string; uri: string }; status?: 400 } = {},
) {
  const session = (await adminSession(c)) as AdminSession;
  return adminHtml(
    c,
    <AdminLayout title="Your account" section="account" notice={c.req.query("notice")}>
      <h1>Your account</h1>
      <MemberAccount session={session} errors={state.errors ?? {}} setup={state.setup} />
    </AdminLayout>,
    state.status ?? 200,
  );
}

function setupOf(c: Context<AppEnv>, session: AdminSession, secret = newTotpSecret()) {
  const issuer = readConfig(c.env).emailFromName;
  return { secret, uri: totpUri(secret, issuer, session.member?.email ?? "") };
}

const done = (c: Context<AppEnv>, notice: string) =>
  c.redirect(`/admin/account?notice=${encodeURIComponent(notice)}`, 303);

/** A refusal of the form's field, shown beside it; anything else goes on up. */
function refused(err: unknown): Errors | null {
  if (!(err instanceof AppError) || err.code !== "validation_failed") return null;
  const field = err.errors?.[0];
  return field
    ? { [field.path === "current" ? "currentPassword" : field.path]: field.message }
    : null;
}

/** The signed-in member's own account. */
export const adminAccountPages = new Hono<AppEnv>()
  .get("/admin/account", async (c) => {
    const session = (await adminSession(c)) as AdminSession;
    const setup =
      c.req.query("setup") === "two-factor" && session.member && !session.member.twoFactor;
    return accountPage(c, setup ? { setup: setupOf(c, session) } : {});
  })
  .post("/admin/account/password", async (c) => {
    const session = (await adminSession(c)) as AdminSession;
    if (!session.member) return accountPage(c);
    const form = await formFields(c);
    const next = StaffPasswordSchema.safeParse(form.newPassword ?? "");
    if (!next.success) {
      const message = next.error.issues[0]?.message ?? "Choose another password.";
      return accountPage(c, { errors: { newPassword: message }, status: 400 });
    }
    try {
      const ver = await changeStaffPassword(
        c.env.DB,
        session.member.id,
        form.currentPassword ?? "",
        next.data,
      );
      await renewStaffSession(c, session.member.id, ver);
    } catch (err) {
      const errors = refused(err);
      if (!errors) throw err;
      return accountPage(c, { errors, status: 400 });
    }
    return done(c, "Password changed; your other sessions are ended.");
  })
  .post("/admin/account/two-factor", async (c) => {
    const session = (await adminSession(c)) as AdminSession;
    if (!session.member) return accountPage(c);
    const form = await formFields(c);
    const secret = fieldText(form, "secret");
    try {
      if (!/^[A-Z2-7]{32}$/.test(secret))
        throw new AppError("validation_failed", "Start again.", [
          { path: "code", message: "Start the set-up again." },
        ]);
      const ver = await setTwoFactor(c.env.DB, session.member.id, {
        secret,
        code: fieldText(form, "code"),
      });
      await renewStaffSession(c, session.member.id, ver);
    } catch (err) {
      const errors = refused(err);
      if (!errors) throw err;
      return accountPage(c, {
        errors,
        setup: setupOf(c, session, /^[A-Z2-7]{32}$/.test(secret) ? secret : undefined),
        status: 400,
      });
    }
    return done(c, "Two-factor sign-in is on: signing in asks for a code from now on.");
  })
  .post("/admin/account/two-factor/off", async (c) => {
    const session = (await adminSession(c)) as AdminSession;
    if (!session.member) return accountPage(c);
    const form = await formFields(c);
    try {
      const ver = await setTwoFactor(c.env.DB, session.member.id, {
        off: true,
        password: form.offPassword ?? "",
      });
      await renewStaffSession(c, session.member.id, ver);
    } catch (err) {
      const errors = refused(err);
      if (!errors) throw err;
      return accountPage(c, { errors: { offPassword: Object.values(errors)[0] }, status: 400 });
    }
    return done(c, "Two-factor sign-in is off.");
  })
  .post("/admin/account/sessions/revoke", async (c) => {
    const session = (await adminSession(c)) as AdminSession;
    if (session.member) await endStaffSessions(c.env.DB, session.member.id);
    else await revokeSession(c.env.DB, session.sid, session.exp);
    clearHostCookie(c, ADMIN_COOKIE);
    return c.redirect("/admin", 303);
  });
