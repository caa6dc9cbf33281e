import type { Context } from "hono";
import type { AppError } from "../../src/errors";
import type { AppEnv } from "../app-env";
import { AdminLayout } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { adminSession } from "./admin-session";
import { errorWords, shopErrorPage } from "./error-page";

const inBackOffice = (path: string) => path === "/admin" || path.startsWith("/admin/");

/**
 * A failed back-office page in the back office's header for its signed-in staff (looked up once
 * more if the page had not; signed out if that fails too); any other page as the shop's.
 */
export async function errorPage(c: Context<AppEnv>, err: AppError): Promise<Response> {
  if (!inBackOffice(c.req.path) || !(await adminSession(c).catch(() => null))) {
    return shopErrorPage(c, err);
  }
  const { status, title, said } = errorWords(c, err);
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
