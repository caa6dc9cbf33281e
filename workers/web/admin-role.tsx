import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { StaffRole } from "../../src/db/account-schema";
import { mayOpen } from "../../src/staff/roles";
import type { AppEnv } from "../app-env";

/**
 * The signed-in role while a back-office page renders, so that its nav and buttons show only what
 * the role may use (the guard refuses the rest with 403 anyway). Nothing is shown without one.
 *
 * Back-office pages are synchronous components (their data is read before they render), so the
 * whole render runs inside `adminHtml` with no await in which another request could interleave;
 * the role is set for exactly that span. (hono's `createContext` would do the same, but importing
 * it pulls hono's client-side renderer into the Worker: 7 KiB of the gzipped bundle.)
 */
let renderingRole: StaffRole | null = null;

export const useRole = () => renderingRole;

/** Renders a back-office page for the session's role (see `Allowed`). */
export function adminHtml(c: Context<AppEnv>, page: Child, status?: ContentfulStatusCode) {
  renderingRole = c.get("adminSession")?.actor.role ?? null;
  let html: unknown;
  try {
    html = page instanceof Promise ? page : String(page);
  } finally {
    renderingRole = null;
  }
  if (typeof html !== "string") throw new Error("a back-office page rendered asynchronously");
  return c.html(html, status);
}

/** Its children only if the role may post to `post` (or open `get`), as the guard decides. */
export function Allowed(props: { post?: string; get?: string; children?: Child }) {
  const role = renderingRole;
  const [method, href] = props.post
    ? (["POST", props.post] as const)
    : (["GET", props.get] as const);
  if (!role || !href || !mayOpen(role, method, href)) return null;
  return <>{props.children}</>;
}
