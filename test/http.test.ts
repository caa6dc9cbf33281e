import { describe, expect, it } from "vitest";
import { adminCall, call, newProduct, problemOf } from "./helpers";

describe("request ids and headers", () => {
  it("echoes a given x-request-id and generates one otherwise", async () => {
    const echoed = await call("GET", "/healthz", { headers: { "x-request-id": "req-abc-123" } });
    expect(echoed.headers.get("x-request-id")).toBe("req-abc-123");
    const generated = await call("GET", "/api/v1/products/none");
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends secure headers", async () => {
    const res = await call("GET", "/api/v1/categories");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("answers /healthz with plain ok", async () => {
    const res = await call("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });
});

describe("errors", () => {
  it("answers an unknown route with 404 not_found as a problem", async () => {
    const res = await call("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      code: "not_found",
      detail: expect.any(String),
    });
  });

  it("answers a known route with the wrong method with 405 and allow", async () => {
    const res = await call("DELETE", "/api/v1/products");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect((await problemOf(res)).status).toBe(405);
    const put = await adminCall("POST", "/api/v1/admin/inventory/SKU-1");
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, PUT, HEAD");
  });

  it("answers a body over 64 KiB with 413 payload_too_large", async () => {
    const input = newProduct({ description: "x".repeat(70 * 1024) });
    const res = await adminCall("POST", "/api/v1/admin/products", input);
    expect(res.status).toBe(413);
    expect((await problemOf(res)).code).toBe("payload_too_large");
  });

  it("answers a body that is not JSON with 400 invalid_json", async () => {
    for (const body of ["{", "", "not json", '{"slug": }']) {
      const res = await adminCall("POST", "/api/v1/admin/products", body);
      expect(res.status, body).toBe(400);
      expect((await problemOf(res)).code).toBe("invalid_json");
    }
  });

  it("answers JSON that is not an object with 400 validation_failed", async () => {
    for (const body of ["[]", "null", "42", '"text"']) {
      const res = await adminCall("POST", "/api/v1/admin/products", body);
      expect(res.status, body).toBe(400);
      expect((await problemOf(res)).code).toBe("validation_failed");
    }
  });
});

describe("OpenAPI", () => {
  it("serves an OpenAPI 3.1 document of the routes, from the validating schemas", async () => {
    const res = await call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: {
        schemas: Record<string, { required?: string[]; additionalProperties?: unknown }>;
      };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/products",
        "/api/v1/products/{slug}",
        "/api/v1/categories",
        "/api/v1/inventory/{sku}",
        "/api/v1/admin/products",
        "/api/v1/admin/products/{slug}",
        "/api/v1/admin/inventory/{sku}",
      ]),
    );
    expect(doc.paths["/api/v1/admin/products"]?.post?.requestBody).toBeDefined();
    expect(doc.components.schemas.NewProduct?.required).toEqual(
      expect.arrayContaining(["slug", "title", "variants"]),
    );
    expect(doc.components.schemas.NewProduct?.additionalProperties).toBe(false);
  });

  it("renders a docs page", async () => {
    const res = await call("GET", "/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("/api/v1/products/{slug}");
    expect(html).toContain("/api/v1/openapi.json");
    expect(html).toContain('id="schema-Order"');
  });

  it("labels every route of the docs page with the security the OpenAPI document gives it", async () => {
    const doc = (await (await call("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    const expected = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) =>
          `${method.toUpperCase()} ${path} ${Object.keys(op.security?.[0] ?? {})[0] ?? "public"}`,
      ),
    );
    const html = await (await call("GET", "/api/docs")).text();
    const shown = [...html.matchAll(/data-op="([^"]+)" data-security="([^"]+)"/g)].map(
      ([, op, security]) => `${op} ${security}`,
    );
    expect(shown.sort()).toEqual(expected.sort());
    expect(shown).toContain("GET /api/v1/cart shopperToken");
    expect(shown).toContain("POST /api/v1/admin/products adminToken");
    expect(shown).toContain("GET /api/v1/products public");
  });
});

describe("product images", () => {
  it("serves a generated SVG with a long cache lifetime", async () => {
    const res = await call("GET", "/images/products/wool-socks.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(await res.text()).toContain("wool socks");
  });
});
