import type { Context } from "hono";
import type { AppError } from "../../src/errors";
import { headersOf, statusOf } from "../problem";
import { Layout } from "./layout";

/** What a person sees when a page fails: the problem in words, never internals. */
export function errorPage(c: Context, err: AppError): Response | Promise<Response> {
  const status = statusOf(err.code);
  const title =
    status === 404
      ? "Page not found"
      : status >= 500
        ? "Something went wrong"
        : "That did not work";
  for (const [name, value] of Object.entries(headersOf(err))) c.header(name, value);
  return c.html(
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{status === 404 ? "There is nothing at this address." : err.detail}</p>
      <p>
        <a href="/">Back to the shop</a>
      </p>
    </Layout>,
    status,
  );
}
