import { describe, expect, it } from "vitest";
import builtPage from "../dist/public/api/docs.html?raw";
import builtDocument from "../dist/public/api/v1/openapi.json?raw";
import apiDocs from "../docs/api.md?raw";
import operations from "../docs/openapi/operations.json";
import { ERROR_CODES } from "../src/errors";
import { call } from "./helpers";

/** "POST /api/v1/orders/{id}/cancel" for every API or webhook route the prose reference names. */
function documentedRoutes(text: string): Set<string> {
  const routes = new Set<string>();
  for (const [, method, path] of text.matchAll(
    /`(GET|POST|PUT|PATCH|DELETE) (\/(?:api\/v1|webhooks)\/[^\s`?]*)/g,
  )) {
    routes.add(`${method} ${path}`);
  }
  return routes;
}

describe("docs/api.md and the OpenAPI document", () => {
  it("are served as built at deploy time: the static copies are what the routes make", async () => {
    // npm test builds them first (scripts/build-openapi.mjs), as every deploy does.
    const doc = await (await call("GET", "/api/v1/openapi.json")).text();
    expect(JSON.parse(builtDocument)).toEqual(JSON.parse(doc));
    expect(builtPage).toBe(await (await call("GET", "/api/docs")).text());
  });

  it("name the same routes", async () => {
    const doc = (await (await call("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const inOpenApi = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    inOpenApi.add("GET /api/v1/openapi.json");
    expect([...documentedRoutes(apiDocs)].sort()).toEqual([...inOpenApi].sort());
  });

  it("give every operation a summary from docs/openapi/operations.json (and it no other) and a description, from there or from this guide", async () => {
    const doc = (await (await call("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { summary?: string; description?: string }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
    );
    expect(ops.filter(([, op]) => !op.summary).map(([key]) => key)).toEqual([]);
    expect(ops.filter(([, op]) => !op.description).map(([key]) => key)).toEqual([]);
    // The guide's own words: what it says after the route.
    expect(doc.paths["/api/v1/auth/logout"]?.post?.description).toMatch(
      /^→ 204: this token is refused \(401\) from now on/,
    );
    expect(Object.keys(operations).sort()).toEqual(ops.map(([key]) => key).sort());
  });

  it("mark the headers a route requires as required, and name the servers and tags", async () => {
    const doc = (await (await call("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; required?: boolean }[] }>
      >;
      servers: unknown[];
      tags: { name: string }[];
    };
    const key = (path: string) =>
      doc.paths[path]?.post?.parameters?.find((p) => p.name === "idempotency-key")?.required;
    expect(key("/api/v1/checkout")).toBe(true);
    expect(key("/api/v1/admin/orders/{id}/refunds")).toBe(true);
    // Optional where the route makes one up (a stock adjustment).
    expect(key("/api/v1/admin/inventory/{sku}/adjustments")).toBe(false);
    expect(doc.servers).toEqual([{ url: "/", description: expect.any(String) }]);
    const used = new Set(
      Object.values(doc.paths).flatMap((item) =>
        Object.values(item).flatMap((op) => (op as { tags?: string[] }).tags ?? []),
      ),
    );
    expect(doc.tags.map((t) => t.name).sort()).toEqual([...used].sort());
  });

  it("list every problem code the code can answer, and no other", () => {
    const section = apiDocs.slice(apiDocs.indexOf("## Errors"), apiDocs.indexOf("## Identity"));
    // "`code` (409" in the list, or "405 `code`" in a sentence.
    const documented = new Set(
      [...section.matchAll(/`([a-z_]+)` \(\d{3}|\d{3}\s+`([a-z_]+)`/g)].map((m) => m[1] ?? m[2]),
    );
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });
});
