import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { createContext, useContext } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { StaffRole } from "../../src/db/account-schema";
import { mayOpen } from "../../src/staff/roles";
import type { AppEnv } from "../app-env";

/**
 * The signed-in role while a back-office page renders, so that its nav and buttons show only what
 * the role may use (the guard refuses the rest with 403 anyway). Nothing is shown without one.
 */
const RoleContext = createContext<StaffRole | null>(null);

export const useRole = () => useContext(RoleContext);

/** Renders a back-office page for the session's role (see `Allowed`). */
export function adminHtml(c: Context<AppEnv>, page: Child, status?: ContentfulStatusCode) {
  const role = c.get("adminSession")?.actor.role ?? null;
  return c.html(<RoleContext.Provider value={role}>{page}</RoleContext.Provider>, status);
}

/** Its children only if the role may post to `post` (or open `get`), as the guard decides. */
export function Allowed(props: { post?: string; get?: string; children?: Child }) {
  const role = useContext(RoleContext);
  const [method, href] = props.post
    ? (["POST", props.post] as const)
    : (["GET", props.get] as const);
  if (!role || !href || !mayOpen(role, method, href)) return null;
  return <>{props.children}</>;
}
