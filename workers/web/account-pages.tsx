import type { Context } from "hono";
import { Hono } from "hono";
import { registerCustomer } from "../../src/auth/customers";
import { createDb } from "../../src/db/client";
import { AppError } from "../../src/errors";
import { LoginSchema, RegisterSchema } from "../../src/schemas/auth";
import { verifyAddress } from "../api/account-auth";
import type { AppEnv } from "../app-env";
import { limitByAddress, signInCustomer, tokenFor } from "../auth/session";
import { mergeGuestCart } from "../carts";
import { fieldErrors } from "../validation";
import { cartCountOf } from "./cart-count";
import { fieldText, formFields } from "./form";
import { Alert, Field, Layout } from "./layout";
import { currentShopper, sessionToken, setSession } from "./session";

type Mode = "login" | "register";

interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  alert?: string;
}

async function renderForm(
  c: Context<AppEnv>,
  mode: Mode,
  state: FormState,
  status: 200 | 400 | 401 | 409 | 429 = 200,
) {
  const title = mode === "login" ? "Log in" : "Create an account";
  return c.html(
    <Layout title={title} shopper={await currentShopper(c)} cartCount={cartCountOf(c)}>
      <h1>{title}</h1>
      {state.alert ? <Alert>{state.alert}</Alert> : null}
      <form method="post" action={`/${mode}`} novalidate>
        {mode === "register" ? (
          <Field
            name="name"
            label="Name (optional)"
            autocomplete="name"
            value={state.values.name}
            error={state.errors.name}
          />
        ) : null}
        <Field
          name="email"
          label="Email"
          type="email"
          autocomplete="email"
          value={state.values.email}
          error={state.errors.email}
          required
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete={mode === "login" ? "current-password" : "new-password"}
          hint={mode === "register" ? "At least 10 characters" : undefined}
          error={state.errors.password}
          required
        />
        <button type="submit">{title}</button>
      </form>
      <p>
        {mode === "login" ? (
          <>
            <a href="/password-reset">Forgot your password?</a> New here?{" "}
            <a href="/register">Create an account</a>.
          </>
        ) : (
          <>
            Have an account? <a href="/login">Log in</a>.
          </>
        )}{" "}
        Your cart comes with you.
      </p>
    </Layout>,
    status,
  );
}

async function readValues(c: Context<AppEnv>) {
  const form = await formFields(c);
  // The password as typed: spaces are part of it.
  return {
    email: fieldText(form, "email"),
    password: form.password ?? "",
    name: fieldText(form, "name"),
  };
}

/** Signs the browser in as the customer, bringing the guest's cart along. */
async function signIn(c: Context<AppEnv>, customerId: string) {
  await mergeGuestCart(c.env, sessionToken(c), customerId);
  setSession(c, await tokenFor(c, { id: customerId, kind: "customer" }));
  return c.redirect("/cart", 303);
}

function rateLimited(err: unknown): err is AppError {
  return err instanceof AppError && err.code === "rate_limited";
}

export const accountPages = new Hono<AppEnv>()
  .get("/login", (c) => renderForm(c, "login", { values: {}, errors: {} }))
  .get("/register", (c) => renderForm(c, "register", { values: {}, errors: {} }))
  .post("/login", async (c) => {
    const values = await readValues(c);
    const shown = { email: values.email };
    const parsed = LoginSchema.safeParse({ email: values.email, password: values.password });
    if (!parsed.success) {
      const errors = Object.fromEntries(fieldErrors(parsed.error).map((e) => [e.path, e.message]));
      return renderForm(c, "login", { values: shown, errors }, 400);
    }
    let customer: Awaited<ReturnType<typeof signInCustomer>>;
    try {
      customer = await signInCustomer(c, parsed.data.email, parsed.data.password);
    } catch (err) {
      if (rateLimited(err))
        return renderForm(c, "login", { values: shown, errors: {}, alert: err.detail }, 429);
      throw err;
    }
    if (!customer) {
      return renderForm(
        c,
        "login",
        { values: shown, errors: {}, alert: "The email or password is wrong." },
        401,
      );
    }
    return signIn(c, customer.id);
  })
  .post("/register", async (c) => {
    const values = await readValues(c);
    const shown = { email: values.email, name: values.name };
    const parsed = RegisterSchema.safeParse({
      email: values.email,
      password: values.password,
      ...(values.name ? { name: values.name } : {}),
    });
    if (!parsed.success) {
      const errors = Object.fromEntries(fieldErrors(parsed.error).map((e) => [e.path, e.message]));
      return renderForm(c, "register", { values: shown, errors }, 400);
    }
    try {
      await limitByAddress(c);
      const customer = await registerCustomer(createDb(c.env.DB), parsed.data);
      await verifyAddress(c, customer);
      return signIn(c, customer.id);
    } catch (err) {
      if (rateLimited(err))
        return renderForm(c, "register", { values: shown, errors: {}, alert: err.detail }, 429);
      if (err instanceof AppError && err.code === "conflict") {
        return renderForm(
          c,
          "register",
          {
            values: shown,
            errors: { email: "An account with this email exists. Log in instead." },
          },
          409,
        );
      }
      throw err;
    }
  });
