import type { Context } from "hono";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { confirmPasswordReset } from "../../src/auth/password-reset";
import { endCustomerSessions, endSession } from "../../src/auth/sessions";
import { AppError } from "../../src/errors";
import { PasswordResetConfirmSchema, PasswordResetRequestSchema } from "../../src/schemas/auth";
import { resetAfterAnswer } from "../api/account-auth";
import type { AppEnv } from "../app-env";
import { limitByAddress, tokenFor } from "../auth/session";
import { fieldErrors } from "../validation";
import { cartCountOf, rememberCartCount } from "./cart-count";
import { fieldText, formFields } from "./form";
import { Alert, Field, Layout } from "./layout";
import { clearSession, currentShopper, setSession } from "./session";

type Status = 200 | 400 | 404 | 409 | 429;

export async function page(c: Context<AppEnv>, title: string, body: Child, status: Status = 200) {
  return c.html(
    <Layout title={title} shopper={await currentShopper(c)} cartCount={cartCountOf(c)}>
      <h1>{title}</h1>
      {body}
    </Layout>,
    status,
  );
}

function RequestForm(props: { email?: string; error?: string; alert?: string }) {
  return (
    <>
      {props.alert ? <Alert>{props.alert}</Alert> : null}
      <p>Type the email of your account: we will send it a link to choose a new password.</p>
      <form method="post" action="/password-reset" novalidate>
        <Field
          name="email"
          label="Email"
          type="email"
          autocomplete="email"
          value={props.email}
          error={props.error}
          required
        />
        <button type="submit">Send the link</button>
      </form>
    </>
  );
}

function ConfirmForm(props: { token: string; error?: string; alert?: string }) {
  return (
    <>
      {props.alert ? <Alert>{props.alert}</Alert> : null}
      <form method="post" action="/password-reset/confirm" novalidate>
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters"
          error={props.error}
          required
        />
        <button type="submit">Set the password</button>
      </form>
    </>
  );
}

const rateLimited = (err: unknown): err is AppError =>
  err instanceof AppError && err.code === "rate_limited";

/** "Forgot your password?", the link's page, and logging out (here, or everywhere). */
export const passwordPages = new Hono<AppEnv>()
  .get("/password-reset", (c) => page(c, "Forgot your password?", <RequestForm />))
  .post("/password-reset", async (c) => {
    const email = fieldText(await formFields(c), "email");
    const parsed = PasswordResetRequestSchema.safeParse({ email });
    if (!parsed.success) {
      const error = fieldErrors(parsed.error)[0]?.message ?? "is not an email";
      return page(c, "Forgot your password?", <RequestForm email={email} error={error} />, 400);
    }
    try {
      await limitByAddress(c);
    } catch (err) {
      if (!rateLimited(err)) throw err;
      return page(
        c,
        "Forgot your password?",
        <RequestForm email={email} alert={err.detail} />,
        429,
      );
    }
    resetAfterAnswer(c, parsed.data.email);
    return page(
      c,
      "Check your email",
      <p>
        If an account has the email {parsed.data.email}, a link to choose a new password is on its
        way. It works once, for an hour.
      </p>,
    );
  })
  .get("/password-reset/confirm", (c) =>
    page(c, "Choose a new password", <ConfirmForm token={c.req.query("token") ?? ""} />),
  )
  .post("/password-reset/confirm", async (c) => {
    const form = await formFields(c);
    const token = fieldText(form, "token");
    const parsed = PasswordResetConfirmSchema.safeParse({ token, password: form.password ?? "" });
    const title = "Choose a new password";
    if (!parsed.success) {
      const error = fieldErrors(parsed.error).find((e) => e.path === "password")?.message;
      const alert = error ? undefined : "This link is not complete: open the one in the email.";
      return page(c, title, <ConfirmForm token={token} error={error} alert={alert} />, 400);
    }
    try {
      await limitByAddress(c);
      const customer = await confirmPasswordReset(
        c.env.DB,
        parsed.data.token,
        parsed.data.password,
      );
      setSession(
        c,
        await tokenFor(c, { id: customer.id, kind: "customer", ver: customer.sessionVersion }),
      );
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== "token_invalid" && !rateLimited(err)))
        throw err;
      const body = (
        <>
          <Alert>{err.detail}</Alert>
          <p>
            <a href="/password-reset">Ask for a new link</a>.
          </p>
        </>
      );
      return page(c, title, body, err.code === "rate_limited" ? 429 : 400);
    }
    return c.redirect("/account?notice=password-changed", 303);
  })
  .post("/logout", async (c) => {
    const shopper = await currentShopper(c);
    if (shopper) await endSession(c.env.DB, shopper);
    clearSession(c);
    rememberCartCount(c, 0);
    return c.redirect("/", 303);
  })
  .post("/logout-everywhere", async (c) => {
    const shopper = await currentShopper(c);
    if (shopper?.kind === "customer") await endCustomerSessions(c.env.DB, shopper.id).run();
    clearSession(c);
    rememberCartCount(c, 0);
    return c.redirect("/login", 303);
  });
