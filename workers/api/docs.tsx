import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { raw } from "hono/html";
import type { AppEnv } from "../app-env";
import { STYLESHEET_URL } from "../web/assets";

type Doc = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
  security?: Record<string, unknown>[];
};

/** How a route authenticates, in words: from its OpenAPI security requirement. */
const SECURITY_LABELS: Record<string, string> = {
  shopperToken: "shopper token",
  adminToken: "admin token",
};

/** The scheme an operation needs ("public" when none). */
const securityOf = (op: Operation) => Object.keys(op.security?.[0] ?? {})[0] ?? "public";

/** A schema as a link to its definition below when it is a named component, else inline JSON. */
function SchemaRef(props: { schema: unknown }) {
  const ref = (props.schema as { $ref?: string } | undefined)?.$ref;
  if (ref) {
    const name = ref.split("/").pop() ?? ref;
    return (
      <a href={`#schema-${name}`}>
        <code>{name}</code>
      </a>
    );
  }
  return <pre>{json(props.schema)}</pre>;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const json = (value: unknown) => JSON.stringify(value, null, 2);

function OperationView(props: { method: string; path: string; op: Operation }) {
  const { method, path, op } = props;
  const body = op.requestBody?.content?.["application/json"]?.schema;
  // A body that is not JSON (an image upload) is raw bytes of the listed media types.
  const rawTypes = body ? [] : Object.keys(op.requestBody?.content ?? {});
  const security = securityOf(op);
  return (
    <section class="op" data-op={`${method.toUpperCase()} ${path}`} data-security={security}>
      <h3>
        <span class={`m ${method}`}>{method.toUpperCase()}</span> <code>{path}</code>{" "}
        <small>{SECURITY_LABELS[security] ?? "public"}</small>
      </h3>
      <p>{op.summary}</p>
      {op.parameters?.length ? (
        <p>
          Parameters:{" "}
          {op.parameters.map((p) => (
            <code>
              {p.name} ({p.in}
              {p.required ? ", required" : ""}){" "}
            </code>
          ))}
        </p>
      ) : null}
      {body ? (
        <p>
          Request body: <SchemaRef schema={body} />
        </p>
      ) : null}
      {rawTypes.length ? <p>Request body: the raw bytes, as {rawTypes.join(", ")}.</p> : null}
      <ul>
        {Object.entries(op.responses ?? {}).map(([status, r]) => {
          const schema = Object.values(r.content ?? {})[0]?.schema;
          return (
            <li>
              <b>{status}</b> {r.description}
              {schema ? (
                <>
                  {" "}
                  → <SchemaRef schema={schema} />
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A readable page of the OpenAPI document, rendered on the server: no scripts, works offline. */
export function docsPage(getDoc: () => Doc) {
  return new Hono<AppEnv>().get("/api/docs", (c) => {
    const doc = getDoc();
    const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      METHODS.flatMap((m) => {
        const op = (item as Record<string, Operation | undefined>)[m];
        return op ? [{ method: m, path, op }] : [];
      }),
    );
    return c.html(
      <>
        {raw("<!DOCTYPE html>")}
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <title>{doc.info.title} API</title>
            <link rel="stylesheet" href={STYLESHEET_URL} />
          </head>
          <body>
            <main id="main">
              <h1>
                {doc.info.title} <small>v{doc.info.version}</small>
              </h1>
              <p>{doc.info.description}</p>
              <p>
                Machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>{" "}
                (OpenAPI {doc.openapi}).
              </p>
              <p>
                Authentication: a <b>shopper token</b> is sent as{" "}
                <code>Authorization: Bearer &lt;token&gt;</code> (from <code>/auth/guest</code>,{" "}
                <code>/auth/register</code> or <code>/auth/login</code>); an <b>admin token</b> is
                the <code>ADMIN_TOKEN</code> secret, sent the same way.
              </p>
              {ops.map((o) => (
                <OperationView method={o.method} path={o.path} op={o.op} />
              ))}
              <h2>Schemas</h2>
              {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
                <details id={`schema-${name}`}>
                  <summary>
                    <code>{name}</code>
                  </summary>
                  <pre>{json(schema)}</pre>
                </details>
              ))}
            </main>
          </body>
        </html>
      </>,
    );
  });
}
