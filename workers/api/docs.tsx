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
              {ops.map((o) => (
                <OperationView method={o.method} path={o.path} op={o.op} />
              ))}
            </main>
          </body>
        </html>
      </>,
    );
  });
}
