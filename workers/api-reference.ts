import type { OpenAPIHono } from "@hono/zod-openapi";
import guide from "../docs/api.md?raw";
import descriptions from "../docs/openapi/descriptions.json";
import operations from "../docs/openapi/operations.json";
import { docsPage } from "./api/docs";
import type { AppEnv } from "./app-env";
import { DESCRIPTIONS, problem } from "./openapi";

/**
 * The API's reference: the OpenAPI document (`/api/v1/openapi.json`) and its page (`/api/docs`),
 * made from the routes and each operation's prose. Deployed, both are static assets built by
 * scripts/build-openapi.mjs and served before the Worker runs, so the Worker's bundle has none of
 * this module (wrangler.toml's `[alias]`: src/no-api-reference.ts, which answers 503), nor the
 * generator it calls (src/openapi-shim.ts). The tests and that build run it as it is.
 */

const INFO = {
  openapi: "3.1.0",
  info: {
    title: "Edge Storefront",
    version: "1.0.0",
    description:
      "Catalog, stock, carts, checkout and orders on Cloudflare Workers. Errors are RFC 9457 problems with a stable `code`.",
  },
  servers: [{ url: "/", description: "This shop: the origin that serves this document" }],
  tags: [
    {
      name: "Catalog",
      description: "Products, categories and markets: public, cached at the edge",
    },
    { name: "Identity", description: "Guest sessions, accounts, password resets and addresses" },
    { name: "Cart", description: "The shopper's cart, one Durable Object per shopper" },
    { name: "Checkout", description: "Paying for the cart, once per Idempotency-Key" },
    { name: "Orders", description: "The shopper's orders, their parcels and returns" },
    { name: "Gift cards", description: "A gift card's balance" },
    {
      name: "Admin",
      description: "The back office's API: ADMIN_TOKEN or an API key whose role allows the route",
    },
    { name: "Admin webhooks", description: "Outbound webhooks to integrations" },
    { name: "Webhooks", description: "Events from Stripe and the warehouse, signed" },
  ],
};

type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

type Prose = { summary: string; description?: string };
const WRITES = ["post", "put", "patch", "delete"] as const;
const METHODS = ["get", ...WRITES] as const;

/**
 * The document's prose, kept with the docs rather than in the routes and schemas, which carry
 * the contract (what is validated): each operation's summary and description from
 * docs/openapi/operations.json (keyed "POST /api/v1/checkout"), and every other description from
 * docs/openapi/descriptions.json (keyed by JSON pointer: a schema, a property, a parameter). A
 * pointer that names nothing in the document fails its build; test/api-docs.test.ts checks that
 * every operation has its entry and every entry its operation.
 */
function withProse(doc: OpenApiDocument): OpenApiDocument {
  const prose = operations as Record<string, Prose>;
  const notes = routeNotes(guide);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      const key = `${method.toUpperCase()} ${path}`;
      const entry = prose[key];
      if (!op || !entry) continue;
      Object.assign(op, entry);
      op.description ??= notes.get(key);
    }
  }
  for (const [pointer, text] of Object.entries(descriptions as Record<string, string>)) {
    const keys = pointer.split("/").slice(1, -1);
    const parent = keys.reduce<unknown>(
      (node, key) =>
        node && typeof node === "object"
          ? (node as Record<string, unknown>)[key.replace(/~1/g, "/").replace(/~0/g, "~")]
          : undefined,
      doc,
    );
    if (!parent || typeof parent !== "object") {
      throw new Error(`docs/openapi/descriptions.json: ${pointer} names nothing in the document`);
    }
    (parent as Record<string, unknown>).description = text;
  }
  return doc;
}

/**
 * What docs/api.md says of each route, by "METHOD /path", so that the reference and the guide say
 * the same: the text after the route's first mention in a list item, up to the next route the
 * item names. An item that starts with the route wins over a mention inside another one.
 */
export function routeNotes(markdown: string): Map<string, string> {
  const leading = new Map<string, string>();
  const inline = new Map<string, string>();
  for (const item of markdown.split(/\n(?=- |\S)/)) {
    const text = item.replace(/\n\s+/g, " ").trim();
    if (!text.startsWith("- ")) continue;
    const spans = [...text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s?]+)[^`]*`/g)];
    spans.forEach((span, i) => {
      const from = (span.index ?? 0) + span[0].length;
      const to = spans[i + 1]?.index ?? text.length;
      const note = text
        .slice(from, to)
        .trim()
        .replace(/^[,;:]\s*/, "")
        .replace(/[,;]$/, "");
      const key = `${span[1]} ${span[2]}`;
      const notes = span.index === 2 ? leading : inline;
      if (note && !notes.has(key)) notes.set(key, note);
    });
  }
  for (const [key, note] of inline) if (!leading.has(key)) leading.set(key, note);
  return leading;
}

/**
 * Adds the problems that middleware answers for whole groups of routes, so no route has to list
 * them: 413 and 415 wherever a body is taken, and 403 for a shopper's state-changing call that is
 * authenticated by the session cookie alone from another site.
 */
function withCommonProblems(doc: OpenApiDocument): OpenApiDocument {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of WRITES) {
      const op = item?.[method];
      if (!op) continue;
      const responses = op.responses ?? {};
      if (op.requestBody) {
        responses["413"] ??= problem(DESCRIPTIONS[413] as string);
        responses["415"] ??= problem(DESCRIPTIONS[415] as string);
      }
      if (op.security?.some((s) => "shopperToken" in s)) {
        responses["403"] ??= problem(
          "`forbidden`: authenticated by the session cookie only, and not from this site's pages",
        );
      }
      op.responses = responses;
    }
  }
  return doc;
}

/** The document's and the page's routes on `app`, whose routes they describe. */
export function apiReference(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description:
      "The ADMIN_TOKEN secret (the bootstrap owner credential), or an API key (`sk_admin_…`, POST /api/v1/admin/api-keys) whose role allows the route.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "shopperToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "A token from /auth/guest, /auth/register or /auth/login (web pages: `session` cookie).",
  });
  const document = () => withProse(withCommonProblems(app.getOpenAPI31Document(INFO)));
  app.get("/api/v1/openapi.json", (c) => c.json(document()));
  app.route("/", docsPage(document));
}
