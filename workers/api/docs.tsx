import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";

type Doc = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const json = (value: unknown) => JSON.stringify(value, null, 2);

function OperationView(props: { method: string; path: string; op: Operation }) {
  const { method, path, op } = props;
  const body = op.requestBody?.content?.["application/json"]?.schema;
  return (
    <section class="op">
      <h3>
        <span class={`m ${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
        {op.security ? <small> admin token</small> : null}
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
        <details>
          <summary>Request body</summary>
          <pre>{json(body)}</pre>
        </details>
      ) : null}
      <ul>
        {Object.entries(op.responses ?? {}).map(([status, r]) => (
          <li>
            <b>{status}</b> {r.description}
          </li>
        ))}
      </ul>
    </section>
  );
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d2433}
code,pre{font:13px ui-monospace,monospace}pre{background:#f4f5f7;padding:.75rem;overflow:auto}
.op{border-top:1px solid #dde1e6;padding:.5rem 0}.m{display:inline-block;min-width:4.5em;font-size:12px;color:#fff;padding:2px 6px;border-radius:3px;background:#4a5568}
.get{background:#2b6cb0}.post{background:#2f855a}.put{background:#b7791f}.patch{background:#6b46c1}.delete{background:#c53030}`;

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
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>{doc.info.title} API</title>
          <style>{STYLE}</style>
        </head>
        <body>
          <main>
            <h1>
              {doc.info.title} <small>v{doc.info.version}</small>
            </h1>
            <p>{doc.info.description}</p>
            <p>
              Machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>{" "}
              (OpenAPI {doc.openapi}).
            </p>
            {ops.map((o) => (
              <OperationView method={o.method} path={o.path} op={o.op} />
            ))}
          </main>
        </body>
      </html>,
    );
  });
}
