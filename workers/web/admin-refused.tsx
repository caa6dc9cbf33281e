import type { Context } from "hono";
import type { StaffRole } from "../../src/db/account-schema";
import type { AppEnv } from "../app-env";
import { AdminLayout } from "./admin-layout";
import { adminHtml } from "./admin-role";

/** What a member sees at a page or form their role may not use: 403, and the way back. */
export function refusedPage(c: Context<AppEnv>, role: StaffRole) {
  return adminHtml(
    c,
    <AdminLayout title="Not for your role" section="overview">
      <h1>Not for your role</h1>
      <p>
        Your role ({role}) may not use this page. The shop's owner can change your role on the Staff
        page.
      </p>
      <p>
        <a href="/admin">Back to the overview</a>
      </p>
    </AdminLayout>,
    403,
  );
}
