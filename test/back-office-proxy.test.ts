import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../workers/app";
import * as backOffice from "../workers/back-office";
import { backOfficeApi, backOfficePages, errorPage } from "../workers/back-office-proxy";
import { createApp, handleErrors } from "../workers/base-app";

// The shop Worker's app as its bundle has it (wrangler.toml's `[alias]`): the back office is the
// proxy, and the tests' BACK_OFFICE binding (vitest.config.ts) echoes what reached it.
const shop = createApp(errorPage);
shop.route("/api/v1/admin", backOfficeApi);
shop.route("/", backOfficePages);
shop.get("/admin-news", (c) => c.text("the shop's own page"));
handleErrors(shop, errorPage);

type Echo = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
};

const ORIGIN = "https://shop.test";
const send = (path: string, init?: RequestInit) =>
  shop.fetch(new Request(`${ORIGIN}${path}`, init), env, createExecutionContext());

describe("the shop Worker's back office", () => {
  it("hands every back-office page to the back office's Worker as it came", async () => {
    for (const path of ["/admin", "/admin/orders?status=paid", "/admin/products/mug/edit"]) {
      const res = await send(path, { headers: { cookie: "admin_session=abc" } });
      expect(res.status).toBe(299);
      const echo = await res.json<Echo>();
      expect(echo).toMatchObject({ method: "GET", path });
      expect(echo.headers.cookie).toBe("admin_session=abc");
      // One request id in both Workers' logs, and the shop's security headers on the answer.
      expect(echo.headers["x-request-id"]).toBe(res.headers.get("x-request-id"));
      expect(res.headers.get("x-back-office")).toBe("yes");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    }
  });

  it("hands the admin API's calls over with their method, headers and body", async () => {
    const body = JSON.stringify({ title: "Mug", priceCents: 1200 });
    const res = await send("/api/v1/admin/products", {
      method: "POST",
      headers: { authorization: "Bearer key", "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(299);
    expect(await res.json<Echo>()).toMatchObject({
      method: "POST",
      path: "/api/v1/admin/products",
      headers: { authorization: "Bearer key", "content-type": "application/json" },
      body,
    });
    const form = new FormData();
    form.set("title", "Mug");
    const posted = await send("/admin/products", { method: "POST", body: form });
    expect((await posted.json<Echo>()).body).toContain('name="title"');
  });

  it("refuses what the shop refuses for any route before handing anything over", async () => {
    const big = await send("/api/v1/admin/products", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "x".repeat(70 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect((await big.json<{ code: string }>()).code).toBe("payload_too_large");
    const text = await send("/api/v1/admin/products", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(text.status).toBe(415);
  });

  it("keeps the shop's own paths that only start like the back office's", async () => {
    const res = await send("/admin-news");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("the shop's own page");
    expect((await send("/administrator")).status).toBe(404);
    expect((await send("/api/v1/administrators")).status).toBe(404);
  });
});

describe("the back office's routes", () => {
  const inBackOffice = (path: string) => /^\/(admin|api\/v1\/admin)(\/|$)/.test(path);
  const routesOf = (routes: { method: string; path: string }[], prefix = "") =>
    routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${prefix}${r.path}`);

  it("are all the store's back-office routes, so the shop's Worker forwards every one", () => {
    const theirs = new Set([
      ...routesOf(backOffice.backOfficePages.routes),
      ...routesOf(backOffice.backOfficeApi.routes, "/api/v1/admin"),
    ]);
    const store = routesOf(app.routes).filter((r) => inBackOffice(r.split(" ")[1] ?? ""));
    expect(store.length).toBeGreaterThan(100);
    expect(store.filter((r) => !theirs.has(r))).toEqual([]);
    expect(
      routesOf(app.routes).filter((r) => !inBackOffice(r.split(" ")[1] ?? "") && theirs.has(r)),
    ).toEqual([]);
  });
});
