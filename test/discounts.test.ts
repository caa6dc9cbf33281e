import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminCall, problemOf, unique } from "./helpers";

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
