import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { issueToken } from "../workers/auth/tokens";
import { type AuthBody, call, freshIp, guest, problemOf, register, unique } from "./helpers";

const me = (token: string) => call("GET", "/api/v1/me", { token });

const login = (body: object, headers: Record<string, string> = {}) =>
  call("POST", "/api/v1/auth/login", {
    body,
    headers: { "cf-connecting-ip": freshIp(), ...headers },
  });

describe("guest sessions", () => {
  it("issues a guest token that /me recognises", async () => {
    const { token, shopper } = await guest();
    expect(shopper).toEqual({ id: expect.stringMatching(/^gst_/), kind: "guest" });
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ shopper });
  });
});

describe("register and login", () => {
  it("registers a customer, signs in and answers /me", async () => {
    const { email, password, token, shopper } = await register();
    expect(shopper).toEqual({
      id: expect.stringMatching(/^cus_/),
      kind: "customer",
      email,
      name: "Ada",
    });
    expect(await (await me(token)).json()).toEqual({
      shopper: { ...shopper, emailVerified: false, pendingEmail: null },
    });

    const res = await login({ email: email.toUpperCase(), password });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AuthBody;
    expect(body.shopper).toEqual(shopper);
    expect((await me(body.token)).status).toBe(200);
  });

  it("refuses a second account for the same email in any case (409)", async () => {
    const { email } = await register();
    const res = await call("POST", "/api/v1/auth/register", {
      body: { email: email.replace("user", "USER"), password: "another password" },
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).code).toBe("conflict");
  });

  it("validates registration fields", async () => {
    const res = await call("POST", "/api/v1/auth/register", {
      body: { email: "not-an-email", password: "short", role: "admin" },
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["(body)", "email", "password"]);
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const { email } = await register();
    const wrong = await login({ email, password: "wrong password!" });
    const unknown = await login({
      email: `${unique("nobody")}@example.com`,
      password: "whatever123",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await problemOf(wrong), await problemOf(unknown)];
    expect(a).toEqual(b);
    expect(a.code).toBe("unauthorized");
  });
});

describe("tokens", () => {
  it("accepts the session cookie as well as the bearer header", async () => {
    const { token } = await guest();
    const res = await call("GET", "/api/v1/me", {
      headers: { cookie: `__Host-session=${token}` },
    });
    expect(res.status).toBe(200);
  });

  it("rejects missing, tampered, expired, wrongly signed and alg-none tokens with 401", async () => {
    const { token, shopper } = await guest();
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const forged = btoa(JSON.stringify({ sub: "gst_someone_else", kind: "guest", exp: 9e9 }))
      .replaceAll("=", "")
      .replaceAll("+", "-")
      .replaceAll("/", "_");
    const noneHeader = btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replaceAll("=", "");
    const expired = await issueToken(
      shopper,
      env.JWT_SECRET,
      60,
      Math.floor(Date.now() / 1000) - 3600,
    );
    const otherSecret = await issueToken(shopper, "some-other-secret", 3600);
    const hs512 = await sign({ sub: shopper.id, kind: "guest", exp: 9e9 }, env.JWT_SECRET, "HS512");
    const candidates = {
      none: null,
      garbage: "not-a-token",
      tampered: `${header}.${forged}.${signature}`,
      truncated: `${header}.${payload}.`,
      expired,
      otherSecret,
      algNone: `${noneHeader}.${payload}.`,
      hs512,
    };
    for (const [name, candidate] of Object.entries(candidates)) {
      const res = await call("GET", "/api/v1/me", { token: candidate });
      expect(res.status, name).toBe(401);
      expect((await problemOf(res)).code, name).toBe("unauthorized");
    }
  });

  it("expires tokens after seven days by default", async () => {
    const { token } = await guest();
    const [, payload] = token.split(".") as [string, string];
    const claims = JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))) as {
      iat: number;
      exp: number;
    };
    expect(claims.exp - claims.iat).toBe(7 * 86_400);
  });

  it("answers 403 forbidden for a shopper token on admin routes", async () => {
    const { token } = await register();
    for (const [method, path] of [
      ["GET", "/api/v1/admin/inventory/SKU-1"],
      ["POST", "/api/v1/admin/products"],
    ] as const) {
      const res = await call(method, path, { token, body: method === "POST" ? {} : undefined });
      expect(res.status).toBe(403);
      expect((await problemOf(res)).code).toBe("forbidden");
    }
  });
});

describe("rate limits", () => {
  it("limits failed logins per email and address, never locking out the owner elsewhere", async () => {
    const { email, password } = await register();
    const attacker = { "cf-connecting-ip": "192.0.2.66" };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await login({ email, password: "wrong password!" }, attacker)).status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const limited = await login({ email, password: "wrong password!" }, attacker);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect((await problemOf(limited)).code).toBe("rate_limited");
    // Even the right password is refused from that address now...
    expect((await login({ email, password }, attacker)).status).toBe(429);
    // ...but the owner, from another address, signs in.
    expect((await login({ email, password }, { "cf-connecting-ip": "192.0.2.7" })).status).toBe(
      200,
    );
  });

  it("counts only failures: signing in often is never limited", async () => {
    const { email, password } = await register();
    const home = { "cf-connecting-ip": "192.0.2.8" };
    for (let i = 0; i < 12; i++) expect((await login({ email, password }, home)).status).toBe(200);
  });

  it("keeps no shared bucket for clients without an address (locally)", async () => {
    // Without cf-connecting-ip, one client's failures must not lock out every other client.
    const noisy = `${unique("noisy")}@example.com`;
    for (let i = 0; i < 35; i++) {
      await call("POST", "/api/v1/auth/login", { body: { email: noisy, password: "guess-guess" } });
    }
    const { email, password } = await register();
    const res = await call("POST", "/api/v1/auth/login", { body: { email, password } });
    expect(res.status).toBe(200);
  });

  it("limits login and register attempts per client address", async () => {
    // The platform's limiter counts in fixed windows aligned to the clock (a minute here): start
    // early in one, so the 33 attempts below cannot be split across two windows.
    await startOfLimiterWindow(60, 15);
    const ip = "198.51.100.7";
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await call("POST", "/api/v1/auth/login", {
        body: { email: `${unique("spray")}@example.com`, password: "guess-guess" },
        headers: { "cf-connecting-ip": ip },
      });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const register = await call("POST", "/api/v1/auth/register", {
      body: { email: `${unique("new")}@example.com`, password: "a long password" },
      headers: { "cf-connecting-ip": ip },
    });
    expect(register.status).toBe(429);
  }, 30_000);
});

/** Waits, when fewer than `needSeconds` are left of the current fixed `periodSeconds` window. */
async function startOfLimiterWindow(periodSeconds: number, needSeconds: number): Promise<void> {
  const periodMs = periodSeconds * 1000;
  const left = periodMs - (Date.now() % periodMs);
  if (left < needSeconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
