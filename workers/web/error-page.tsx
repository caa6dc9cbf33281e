import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppError } from "../../src/errors";
import { Layout } from "./layout";

/** What a person sees when a page fails: the problem in words, never internals. */
export function errorPage(c: Context, err: AppError): Response | Promise<Response> {
  const title =
    err.status === 404
      ? "Page not found"
      : err.status >= 500
        ? "Something went wrong"
        : "That did not work";
  if (err.headers) for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  return c.html(
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{err.status === 404 ? "There is nothing at this address." : err.detail}</p>
      <p>
        <a href="/">Back to the shop</a>
      </p>
    </Layout>,
    err.status as ContentfulStatusCode,
  );
}
