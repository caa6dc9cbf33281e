import type { Context } from "hono";
import type { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { headersOf, statusOf } from "../problem";
import { AdminLayout } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { adminSession } from "./admin-session";
import { cartCountOf } from "./cart-count";
import { Layout } from "./layout";
import { currentShopper } from "./session";

const inBackOffice = (path: string) => path === "/admin" || path.startsWith("/admin/");

/**
 * What a person sees when a page fails: the problem in words, never internals, in the header
 * they came with: a signed-in shopper's (their account, their cart's count), or the back office's
 * for its staff. Either is looked up once more only if the page had not; when that fails too (the
 * database is what failed), the page goes on signed out rather than failing again.
 */
export async function errorPage(c: Context<AppEnv>, err: AppError): Promise<Response> {
  const status = statusOf(err.code);
  const title =
    status === 404
      ? "Page not found"
      : status >= 500
        ? "Something went wrong"
        : "That did not work";
  for (const [name, value] of Object.entries(headersOf(err))) c.header(name, value);
  const said = <p>{status === 404 ? "There is nothing at this address." : err.detail}</p>;
  if (inBackOffice(c.req.path) && (await adminSession(c).catch(() => null))) {
    return adminHtml(
      c,
      <AdminLayout title={title}>
        <h1>{title}</h1>
        {said}
        <p>
          <a href="/admin">Back to the overview</a>
        </p>
      </AdminLayout>,
      status,
    );
  }
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
