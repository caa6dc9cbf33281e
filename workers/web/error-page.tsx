import type { Context } from "hono";
import type { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { headersOf, statusOf } from "../problem";
import { cartCountOf } from "./cart-count";
import { Layout } from "./layout";
import { currentShopper } from "./session";

/** A failed page's status, title and words (never internals), its headers already set. */
export function errorWords(c: Context<AppEnv>, err: AppError) {
  const status = statusOf(err.code);
  const title =
    status === 404
      ? "Page not found"
      : status >= 500
        ? "Something went wrong"
        : "That did not work";
  for (const [name, value] of Object.entries(headersOf(err))) c.header(name, value);
  const said = <p>{status === 404 ? "There is nothing at this address." : err.detail}</p>;
  return { status, title, said };
}

/**
 * What a shopper sees when a page fails, in the header they came with: signed in (their
 * account, their cart's count) or not. The shopper is looked up once more only if the page had
 * not; when that fails too (the database is what failed), the page goes on signed out rather than
 * failing again. The back office has its own (admin-error-page.tsx).
 */
export async function shopErrorPage(c: Context<AppEnv>, err: AppError): Promise<Response> {
  const { status, title, said } = errorWords(c, err);
  return c.html(
    <Layout
      title={title}
      shopper={await currentShopper(c).catch(() => null)}
      cartCount={cartCountOf(c)}
    >
      <h1>{title}</h1>
      {said}
      <p>
        <a href="/">Back to the shop</a>
      </p>
    </Layout>,
    status,
  );
}
