import { afterEach, describe, expect, it, vi } from "vitest";
import { addToCart, checkout, stockedSku } from "./checkout-helpers";
import { call, guest } from "./helpers";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  for (const level of ["log", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((line: unknown) => {
      raw.push(String(line));
      try {
        lines.push(JSON.parse(String(line)));
      } catch {
        lines.push({ unstructured: String(line) });
      }
    });
  }
  return { lines, raw };
}

afterEach(() => vi.restoreAllMocks());

describe("structured logs", () => {
  it("writes one JSON line per request: route pattern, status, duration, request id, shopper kind", async () => {
    const { token } = await guest();
    const logs = capture();
    const res = await call("GET", "/api/v1/products/no-such-slug-here", { token });
    const requests = logs.lines.filter((l) => l.event === "request");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "GET",
      route: "/api/v1/products/:slug",
      status: 404,
      requestId: res.headers.get("x-request-id"),
      shopper: "anonymous",
    });
    expect(typeof requests[0]?.durationMs).toBe("number");
    expect(logs.raw.join("\n")).not.toContain(token);
    expect(logs.raw.join("\n")).not.toContain("no-such-slug-here");
    expect(logs.lines.filter((l) => "unstructured" in l)).toEqual([]);
  });

  it("carries the request id into the checkout's log line in the cart object", async () => {
    const { token } = await guest();
    const item = await stockedSku(5);
    await addToCart(token, item.sku, 1);
    const logs = capture();
    const res = await checkout(token);
    expect(res.status).toBe(201);
    const requestId = res.headers.get("x-request-id");
    // One line for the request's drive of the checkout, with every state it went through.
    const drives = logs.lines.filter((l) => l.event === "checkout");
    expect(drives).toHaveLength(1);
    expect(drives[0]).toMatchObject({
      requestId,
      recovering: false,
      states: [
        // A cart without a discount code or a gift card goes straight to holding its units.
        "pricing",
        "holding",
        "recording",
        "authorizing",
        "committing",
        "capturing",
        "marking_paid",
        // The first send to the fulfillment queue is part of the request's drive.
        "fulfilling",
        "fulfilling",
      ],
    });
    const request = logs.lines.find((l) => l.event === "request");
    expect(request).toMatchObject({ route: "/api/v1/checkout", status: 201, shopper: "guest" });
    expect(logs.raw.join("\n")).not.toMatch(/ada@example\.com|Lovelace|tok_visa/);
  });
});
