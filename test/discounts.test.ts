import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, adminCall, browser, call, guest, problemOf, unique } from "./helpers";

const newCode = () =>
  unique("LAUNCH")
    .replace(/[^A-Za-z0-9-]/g, "")
    .slice(0, 32);

describe("discount codes in the admin API", () => {
  it("creates a code, reads it in any case, and counts its uses from its authority", async () => {
    const code = newCode();
    const res = await adminCall("POST", "/api/v1/admin/discounts", {
      code,
      kind: "percentage",
      value: 20,
      usageLimit: 100,
      perCustomerLimit: 1,
      minSubtotal: { amount: 2000, currency: "USD" },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      code,
      kind: "percentage",
      value: 20,
      currency: null,
      usageLimit: 100,
      perCustomerLimit: 1,
      minSubtotal: { amount: 2000, currency: "USD" },
      markets: null,
      status: "active",
      used: 0,
      held: 0,
    });
    const authority = env.DISCOUNTS.get(env.DISCOUNTS.idFromName(code.toLowerCase()));
    const limits = { usageLimit: 100, perCustomerLimit: 1, ttlMs: 60_000 };
    await authority.hold("ord_1", "email:a@example.com", limits);
    await authority.hold("ord_2", "email:b@example.com", limits);
    await authority.commit("ord_1");
    const read = await adminCall("GET", `/api/v1/admin/discounts/${code.toLowerCase()}`);
    expect(await read.json()).toMatchObject({ code, used: 1, held: 1 });
    const again = await adminCall("POST", "/api/v1/admin/discounts", {
      code: code.toUpperCase(),
      kind: "free_shipping",
    });
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe("conflict");
  });

  it("refuses a code that cannot work, naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: "percentage", value: 150 }, "value"],
      [{ kind: "percentage" }, "value"],
      [{ kind: "fixed", value: 500 }, "currency"],
      [{ kind: "free_shipping", value: 5 }, "value"],
      [{ kind: "percentage", value: 10, currency: "EUR" }, "currency"],
      [
        {
          kind: "percentage",
          value: 10,
          startsAt: "2027-01-02T00:00:00Z",
          endsAt: "2027-01-01T00:00:00Z",
        },
        "endsAt",
      ],
      [{ kind: "percentage", value: 10, markets: ["mars"] }, "markets"],
      [{ kind: "percentage", value: 10, usageLimit: 0 }, "usageLimit"],
    ];
    for (const [body, path] of cases) {
      const res = await adminCall("POST", "/api/v1/admin/discounts", { code: newCode(), ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        (await problemOf(res)).errors?.map((e) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    const bad = await adminCall("POST", "/api/v1/admin/discounts", {
      code: "a b",
      kind: "free_shipping",
    });
    expect(bad.status).toBe(400);
    expect((await adminCall("GET", "/api/v1/admin/discounts/NOPE-NOT-HERE")).status).toBe(404);
  });
});

describe("pausing and ending a code", () => {
  it("pauses, resumes and ends a code; an ended code stays ended, and the cart refuses it", async () => {
    const code = newCode();
    await adminCall("POST", "/api/v1/admin/discounts", { code, kind: "free_shipping" });
    const paused = await adminCall("PATCH", `/api/v1/admin/discounts/${code}`, {
      status: "paused",
    });
    expect(await paused.json()).toMatchObject({ code, status: "paused" });
    const { token } = await guest();
    const refused = await call("POST", "/api/v1/cart/discounts", { token, body: { code } });
    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).detail).toContain("is paused");
    expect(
      (await adminCall("PATCH", `/api/v1/admin/discounts/${code}`, { status: "active" })).status,
    ).toBe(200);
    expect((await call("POST", "/api/v1/cart/discounts", { token, body: { code } })).status).toBe(
      200,
    );
    expect(
      (await adminCall("PATCH", `/api/v1/admin/discounts/${code}`, { status: "ended" })).status,
    ).toBe(200);
    const again = await adminCall("PATCH", `/api/v1/admin/discounts/${code}`, { status: "active" });
    expect(again.status).toBe(409);
    expect(
      (await adminCall("PATCH", "/api/v1/admin/discounts/NOT-A-CODE", { status: "ended" })).status,
    ).toBe(404);
  });
});

describe("discount codes in the back office", () => {
  it("creates a code from the Discounts page, lists its uses, and pauses it", async () => {
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const code = newCode();
    const made = await b.post("/admin/discounts", {
      code,
      kind: "fixed",
      value: "7.50",
      currency: "usd",
      usageLimit: "50",
      perCustomerLimit: "",
      startsAt: "2026-12-10T09:00",
      endsAt: "",
    });
    expect(made.status).toBe(303);
    const read = (await (
      await adminCall("GET", `/api/v1/admin/discounts/${code}`)
    ).json()) as Record<string, unknown>;
    expect(read).toMatchObject({
      kind: "fixed",
      value: 750,
      currency: "USD",
      usageLimit: 50,
      startsAt: "2026-12-10T09:00:00Z",
    });
    const page = await (await b.get("/admin/discounts")).text();
    expect(page).toContain(code);
    expect(page).toContain("$7.50 off");
    expect((await b.post(`/admin/discounts/${code}/status`, { status: "paused" })).status).toBe(
      303,
    );
    expect(
      (
        (await (await adminCall("GET", `/api/v1/admin/discounts/${code}`)).json()) as {
          status: string;
        }
      ).status,
    ).toBe("paused");
    const bad = await b.post("/admin/discounts", { code: "x", kind: "percentage", value: "120" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Please correct the marked fields.");
  });
});
