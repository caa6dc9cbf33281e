import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { requestPasswordReset } from "../src/auth/password-reset";
import { callAndWait } from "./email-helpers";
import { adminCall, browser, call, freshIp, guest, problemOf, register, unique } from "./helpers";

interface SentEmail {
  id: number;
  to: string;
  kind: string;
  subject: string | null;
  text: string | null;
  status: string;
}

const me = (token: string) => call("GET", "/api/v1/me", { token });

// The reset is asked for once the answer is sent: wait for it.
const askReset = (email: string, ip = freshIp()) =>
  callAndWait("POST", "/api/v1/auth/password-reset", {
    body: { email },
    headers: { "cf-connecting-ip": ip },
  });

const confirm = (token: string, password = "a brand new password") =>
  call("POST", "/api/v1/auth/password-reset/confirm", {
    body: { token, password },
    headers: { "cf-connecting-ip": freshIp() },
  });

async function emailsTo(to: string, query = "") {
  const res = await adminCall("GET", `/api/v1/admin/emails?to=${encodeURIComponent(to)}${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: SentEmail[]; nextCursor: string | null };
}

/** The reset link's token in the latest reset email to `to` (waiting a moment for it to come). */
async function resetToken(to: string): Promise<string> {
  let email: SentEmail | undefined;
  for (let i = 0; i < 50 && !email; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    email = (await emailsTo(to)).items.find((e) => e.kind === "password_reset");
  }
  const token = /token=([\w-]+)/.exec(email?.text ?? "")?.[1];
  if (!token) throw new Error(`no reset link in ${JSON.stringify(email)}`);
  return token;
}

describe("password reset", () => {
  it("answers any email alike, mails a single-use link, and ends every session of the customer", async () => {
    const customer = await register();
    const unknown = await askReset(`${unique("nobody")}@example.com`);
    const known = await askReset(customer.email.toUpperCase());
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(await known.json()).toEqual(await unknown.json());

    const token = await resetToken(customer.email);
    // Only its hash is kept: the outbox and the reset's row never hold the token.
    const stored = await env.DB.prepare(
      "SELECT (SELECT group_concat(coalesce(body, '') || coalesce(html, '')) FROM outbox WHERE recipient = ?1) AS mail, (SELECT group_concat(token_hash) FROM password_resets) AS hashes",
    )
      .bind(customer.email)
      .first<{ mail: string | null; hashes: string }>();
    expect(`${stored?.mail ?? ""}${stored?.hashes}`).not.toContain(token);

    const second = await register(`${unique("other")}@example.com`);
    const done = await confirm(token);
    expect(done.status, await done.clone().text()).toBe(200);
    const session = (await done.json()) as { token: string; shopper: { id: string } };
    expect(session.shopper.id).toBe(customer.shopper.id);
    expect((await me(customer.token)).status).toBe(401);
    expect((await me(session.token)).status).toBe(200);
    expect((await me(second.token)).status).toBe(200);
    // The new password signs in; the old one no longer does.
    const login = (password: string) =>
      call("POST", "/api/v1/auth/login", {
        body: { email: customer.email, password },
        headers: { "cf-connecting-ip": freshIp() },
      });
    expect((await login("a brand new password")).status).toBe(200);
    expect((await login(customer.password)).status).toBe(401);

    for (const again of [token, "not-a-token-at-all"]) {
      const refused = await confirm(again);
      expect(refused.status).toBe(400);
      expect((await problemOf(refused)).code).toBe("token_invalid");
    }
  });

  it("refuses an expired link and a short password, and uses a link once however many race", async () => {
    const customer = await register();
    await requestPasswordReset(
      env.DB,
      env.JWT_SECRET,
      customer.email,
      "https://shop.test",
      Date.now() - 2 * 3_600_000,
    );
    const expired = await resetToken(customer.email);
    expect((await problemOf(await confirm(expired))).code).toBe("token_invalid");

    await askReset(customer.email);
    const token = await resetToken(customer.email);
    const short = await confirm(token, "short");
    expect((await problemOf(short)).code).toBe("validation_failed");
    const racing = await Promise.all([1, 2, 3, 4].map((n) => confirm(token, `new password ${n}`)));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 400, 400, 400]);
  });

  it("sends at most 3 links an hour to one address, still answering 202", async () => {
    const customer = await register();
    for (let i = 0; i < 5; i++) expect((await askReset(customer.email)).status).toBe(202);
    const sent = (await emailsTo(customer.email)).items.filter((e) => e.kind === "password_reset");
    expect(sent).toHaveLength(3);
    // A newer link leaves the others usable until one is used: then all are spent.
    const tokens = await Promise.all(
      sent.map(async (e) => /token=([\w-]+)/.exec(e.text ?? "")?.[1] ?? ""),
    );
    expect(new Set(tokens).size).toBe(3);
    expect((await confirm(tokens[2] ?? "")).status).toBe(200);
    expect((await problemOf(await confirm(tokens[0] ?? ""))).code).toBe("token_invalid");
  });

  it("lists an address's emails newest first, a page at a time", async () => {
    const customer = await register();
    await askReset(customer.email);
    await askReset(customer.email);
    const first = await emailsTo(customer.email, "&limit=1");
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = await emailsTo(customer.email, `&limit=1&cursor=${first.nextCursor}`);
    expect(next.items[0]?.id).toBeLessThan(first.items[0]?.id ?? 0);
    expect(first.items[0]).toMatchObject({ to: customer.email, kind: "password_reset" });
    const bad = await adminCall("GET", "/api/v1/admin/emails");
    expect(bad.status).toBe(400);
  });
});

describe("sessions that end", () => {
  it("logs out one token everywhere, and signs a customer out of every session", async () => {
    const customer = await register();
    const other = (await (
      await call("POST", "/api/v1/auth/login", {
        body: { email: customer.email, password: customer.password },
        headers: { "cf-connecting-ip": freshIp() },
      })
    ).json()) as { token: string };
    expect((await call("POST", "/api/v1/auth/logout", { token: customer.token })).status).toBe(204);
    expect((await me(customer.token)).status).toBe(401);
    expect((await me(other.token)).status).toBe(200);
    const everywhere = await call("POST", "/api/v1/auth/logout-everywhere", { token: other.token });
    expect(everywhere.status).toBe(204);
    expect((await me(other.token)).status).toBe(401);

    const visitor = await guest();
    expect((await call("POST", "/api/v1/auth/logout", { token: visitor.token })).status).toBe(204);
    expect((await call("GET", "/api/v1/cart", { token: visitor.token })).status).toBe(401);
  });

  it("ends the web session's token at logout, wherever the cookie was copied", async () => {
    const customer = await register();
    const b = browser();
    const login = await b.post("/login", { email: customer.email, password: customer.password });
    expect(login.status).toBe(303);
    const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const token = decodeURIComponent(/session=([^;]+)/.exec(cookie)?.[1] ?? "");
    expect((await me(token)).status).toBe(200);
    const account = await b.get("/account");
    expect(await account.text()).toContain("Sign out everywhere");
    expect((await b.post("/logout", {})).status).toBe(303);
    expect((await me(token)).status).toBe(401);
    const copied = await call("GET", "/orders", { headers: { cookie } });
    expect(await copied.text()).not.toContain("Log out");
  });

  it("resets a password from the pages: the form, the email's link, a new password, signed in", async () => {
    const customer = await register();
    const b = browser();
    expect(await (await b.get("/login")).text()).toContain('href="/password-reset"');
    const asked = await b.post("/password-reset", { email: customer.email });
    expect(await asked.text()).toContain("Check your email");
    const token = await resetToken(customer.email);
    const form = await b.get(`/password-reset/confirm?token=${token}`);
    expect(await form.text()).toContain('name="password"');
    const short = await b.post("/password-reset/confirm", { token, password: "short" });
    expect(short.status).toBe(400);
    const set = await b.post("/password-reset/confirm", { token, password: "a page-set password" });
    expect(set.status).toBe(303);
    expect(set.headers.get("location")).toBe("/account?notice=password-changed");
    expect(await (await b.get("/account?notice=password-changed")).text()).toContain(
      "Your password is changed",
    );
    expect((await me(customer.token)).status).toBe(401);
    const reused = await b.post("/password-reset/confirm", { token, password: "another password" });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("Ask for a new link");
  });
});

/** The token of the latest email of `kind` to `to`. */
async function linkToken(to: string, kind: string): Promise<string> {
  const email = (await emailsTo(to)).items.find((e) => e.kind === kind);
  const token = /token=([\w-]+)/.exec(email?.text ?? "")?.[1];
  if (!token) throw new Error(`no ${kind} link in ${JSON.stringify(email)}`);
  return token;
}

const verify = (token: string) =>
  call("POST", "/api/v1/auth/verify-email", {
    body: { token },
    headers: { "cf-connecting-ip": freshIp() },
  });

const shopperOf = async (token: string) =>
  ((await (await me(token)).json()) as { shopper: Record<string, unknown> }).shopper;

describe("email verification", () => {
  it("mails a link at registration; the account works before it, and /me tells the state", async () => {
    const customer = await register();
    expect(await shopperOf(customer.token)).toMatchObject({
      emailVerified: false,
      pendingEmail: null,
    });
    const token = await linkToken(customer.email, "email_verification");
    const done = await verify(token);
    expect(done.status, await done.clone().text()).toBe(200);
    expect(await shopperOf(customer.token)).toMatchObject({ emailVerified: true });
    expect((await problemOf(await verify(token))).code).toBe("token_invalid");
  });

  it("changes the email only once the new address's link is followed, with the password", async () => {
    const customer = await register();
    const next = `${unique("moved")}@example.com`;
    const change = (body: unknown) =>
      call("POST", "/api/v1/me/email", {
        token: customer.token,
        body,
        headers: { "cf-connecting-ip": freshIp() },
      });
    expect((await change({ email: next, password: "not the password" })).status).toBe(403);
    const taken = await register();
    expect((await change({ email: taken.email, password: customer.password })).status).toBe(409);
    expect((await change({ email: next, password: customer.password })).status).toBe(202);
    expect(await shopperOf(customer.token)).toMatchObject({
      email: customer.email,
      pendingEmail: next,
    });
    const done = await verify(await linkToken(next, "email_verification"));
    expect(done.status).toBe(200);
    expect(await shopperOf(customer.token)).toMatchObject({
      email: next,
      emailVerified: true,
      pendingEmail: null,
    });
    const login = await call("POST", "/api/v1/auth/login", {
      body: { email: next, password: customer.password },
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(login.status).toBe(200);
  });

  it("verifies from the pages: the account page's state, a new link, the link's page", async () => {
    const b = browser();
    const email = `${unique("paged")}@example.com`;
    expect((await b.post("/register", { email, password: "a long password" })).status).toBe(303);
    expect(await (await b.get("/account")).text()).toContain("(not verified yet)");
    expect((await b.post("/account/email-verification", {})).status).toBe(303);
    const token = await linkToken(email, "email_verification");
    expect(await (await b.get(`/verify-email?token=${token}`)).text()).toContain(
      "Confirm this email",
    );
    const done = await b.post("/verify-email", { token });
    expect(await done.text()).toContain("Your email is confirmed");
    expect(await (await b.get("/account")).text()).toContain("(verified)");
  });
});
