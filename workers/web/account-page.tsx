import type { Context } from "hono";
import { Hono } from "hono";
import { emailKey, findCustomer } from "../../src/auth/customers";
import { confirmVerification, verificationState } from "../../src/auth/email-verification";
import { createDb } from "../../src/db/client";
import { AppError } from "../../src/errors";
import { ChangeEmailSchema } from "../../src/schemas/auth";
import { verifyAddress } from "../api/account-auth";
import type { AppEnv } from "../app-env";
import { limitByAddress, signInCustomer } from "../auth/session";
import { fieldErrors } from "../validation";
import { fieldText, formFields } from "./form";
import { Alert, Field } from "./layout";
import { page } from "./password-pages";
import { currentShopper } from "./session";

const NOTICES: Record<string, string> = {
  "password-changed": "Your password is changed; every other session is signed out.",
  "link-sent": "A new link is on its way to your email.",
  "change-sent": "A link is on its way to the new address: your email changes when you open it.",
  "too-many": "Enough links went out this hour: use one of them, or try later.",
};

async function customerOf(c: Context<AppEnv>) {
  const shopper = await currentShopper(c);
  return shopper?.kind === "customer" ? findCustomer(createDb(c.env.DB), shopper.id) : null;
}

async function renderAccount(c: Context<AppEnv>, change: { error?: string; alert?: string } = {}) {
  const customer = await customerOf(c);
  if (!customer) return c.redirect("/login", 303);
  const state = await verificationState(c.env.DB, customer.id);
  const notice = NOTICES[c.req.query("notice") ?? ""];
  return page(
    c,
    "Your account",
    <>
      {notice ? <p role="status">{notice}</p> : null}
      <dl>
        <dt>Email</dt>
        <dd>
          {customer.email} {state.emailVerified ? "(verified)" : "(not verified yet)"}
        </dd>
        {customer.name ? (
          <>
            <dt>Name</dt>
            <dd>{customer.name}</dd>
          </>
        ) : null}
      </dl>
      {state.emailVerified ? null : (
        <form method="post" action="/account/email-verification">
          <button type="submit" class="secondary">
            Send the verification link again
          </button>
        </form>
      )}
      <p>
        <a href="/orders">Your orders</a> · <a href="/account/addresses">Your addresses</a> ·{" "}
        <a href="/password-reset">Change your password</a>
      </p>
      <h2>Change your email</h2>
      {state.pendingEmail ? (
        <p>A link went to {state.pendingEmail}: your email changes when you open it.</p>
      ) : null}
      {change.alert ? <Alert>{change.alert}</Alert> : null}
      <form method="post" action="/account/email" novalidate>
        <Field
          name="email"
          label="New email"
          type="email"
          autocomplete="email"
          error={change.error}
        />
        <Field
          name="password"
          label="Your password"
          type="password"
          autocomplete="current-password"
        />
        <button type="submit">Send a link to the new address</button>
      </form>
      <h2>Sessions</h2>
      <p>Signed in on another device you no longer use, or a shared one? End every session.</p>
      <form method="post" action="/logout-everywhere">
        <button type="submit" class="secondary">
          Sign out everywhere
        </button>
      </form>
    </>,
    change.error || change.alert ? 400 : 200,
  );
}

/** The account page (email, its verification, a change of email, sessions) and the link's page. */
export const accountPage = new Hono<AppEnv>()
  .get("/account", (c) => renderAccount(c))
  .post("/account/email-verification", async (c) => {
    const customer = await customerOf(c);
    if (!customer) return c.redirect("/login", 303);
    const sent = await verifyAddress(c, customer);
    return c.redirect(`/account?notice=${sent ? "link-sent" : "too-many"}`, 303);
  })
  .post("/account/email", async (c) => {
    const customer = await customerOf(c);
    if (!customer) return c.redirect("/login", 303);
    const form = await formFields(c);
    const parsed = ChangeEmailSchema.safeParse({
      email: fieldText(form, "email"),
      password: form.password ?? "",
    });
    if (!parsed.success) {
      const error = fieldErrors(parsed.error)[0]?.message ?? "is not valid";
      return renderAccount(c, { error });
    }
    try {
      if (!(await signInCustomer(c, customer.email, parsed.data.password))) {
        return renderAccount(c, { alert: "The password is wrong." });
      }
    } catch (err) {
      if (err instanceof AppError && err.code === "rate_limited") {
        return renderAccount(c, { alert: err.detail });
      }
      throw err;
    }
    const taken = await c.env.DB.prepare("SELECT 1 FROM customers WHERE email_key = ? AND id <> ?")
      .bind(emailKey(parsed.data.email), customer.id)
      .first();
    if (taken) return renderAccount(c, { error: "Another account has this email." });
    const sent = await verifyAddress(c, { id: customer.id, email: parsed.data.email });
    return c.redirect(`/account?notice=${sent ? "change-sent" : "too-many"}`, 303);
  })
  .get("/verify-email", (c) =>
    page(
      c,
      "Confirm your email",
      <form method="post" action="/verify-email">
        <input type="hidden" name="token" value={c.req.query("token") ?? ""} />
        <button type="submit">Confirm this email</button>
      </form>,
    ),
  )
  .post("/verify-email", async (c) => {
    const token = fieldText(await formFields(c), "token");
    try {
      await limitByAddress(c);
      if (!token)
        throw new AppError(
          "token_invalid",
          "This link is not complete: open the one in the email.",
        );
      await confirmVerification(c.env.DB, token);
    } catch (err) {
      if (
        !(err instanceof AppError) ||
        !["token_invalid", "conflict", "rate_limited"].includes(err.code)
      ) {
        throw err;
      }
      return page(
        c,
        "Confirm your email",
        <Alert>{err.detail}</Alert>,
        err.code === "rate_limited" ? 429 : 400,
      );
    }
    return page(c, "Your email is confirmed", <p>Thank you: your email is confirmed.</p>);
  });
