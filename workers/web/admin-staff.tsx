import type { Context } from "hono";
import { Hono } from "hono";
import { STAFF_ROLES, type StaffRole } from "../../src/db/account-schema";
import { AppError } from "../../src/errors";
import { InviteStaffSchema } from "../../src/schemas/staff";
import { createApiKey, listApiKeys, revokeApiKey } from "../../src/staff/api-keys";
import {
  endStaffSessions,
  inviteStaff,
  listStaff,
  reinviteStaff,
  removeStaff,
  type StaffMember,
  updateStaff,
} from "../../src/staff/members";
import type { AppEnv } from "../app-env";
import { fieldErrors } from "../validation";
import { ApiKeysSection } from "./admin-api-keys";
import { AdminLayout, ConfirmBox, Wide } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { RoleSelect } from "./admin-role-select";
import { adminSession } from "./admin-session";
import { fieldText, formFields } from "./form";
import { Field, TableHead } from "./layout";

const ROLE_HINTS: Record<StaffRole, string> = {
  owner: "everything, and manages staff, API keys and webhooks",
  manager: "catalog, stock, prices, promotions and orders",
  support: "orders, refunds, returns and customers; no catalog",
  fulfillment: "the orders to ship and their shipments",
};

const memberPath = (id: string) => `/admin/staff/${encodeURIComponent(id)}`;

/** What the owner can do to a live member: their role, a new invitation, sessions, removal. */
function MemberActions(props: { member: StaffMember }) {
  const { member } = props;
  const path = memberPath(member.id);
  return (
    <>
      <form method="post" action={`${path}/role`} class="inline-form">
        <label for={`role-${member.id}`}>Role</label>
        <RoleSelect name="role" id={`role-${member.id}`} value={member.role} />
        <button type="submit" class="secondary">
          Change role<span class="skip"> of {member.email}</span>
        </button>
      </form>
      <form method="post" action={`${path}/invite`} class="inline">
        <button type="submit" class="secondary">
          Send a new invitation<span class="skip"> to {member.email}</span>
        </button>
      </form>
      <form method="post" action={`${path}/sessions/revoke`} class="inline">
        <button type="submit" class="secondary">
          Sign out everywhere<span class="skip">: {member.email}</span>
        </button>
      </form>
      <form method="post" action={`${path}/remove`} class="confirm">
        <ConfirmBox id={`remove-${member.id}`}>Yes, remove {member.email}</ConfirmBox>
        <button type="submit" class="danger">
          Remove
        </button>
      </form>
    </>
  );
}

interface PageState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  status?: 201 | 400 | 409;
  keys?: Omit<Parameters<typeof ApiKeysSection>[0], "keys">;
}

async function staffPage(c: Context<AppEnv>, state: PageState = {}) {
  const [members, keys] = await Promise.all([listStaff(c.env.DB), listApiKeys(c.env.DB)]);
  const v = state.values ?? {};
  const e = state.errors ?? {};
  return adminHtml(
    c,
    <AdminLayout title="Staff" section="staff" notice={c.req.query("notice")} error={e.form}>
      <h1>Staff</h1>
      <p class="muted">
        Roles: {STAFF_ROLES.map((r) => `${r} (${ROLE_HINTS[r]})`).join("; ")}. ADMIN_TOKEN stays the
        owner's bootstrap credential.
      </p>
      {members.length === 0 ? (
        <p>Nobody is invited yet.</p>
      ) : (
        <Wide>
          <table>
            <TableHead
              columns={["Email", "Name", "Role", "State", "Two-factor", "Last sign-in", "Actions"]}
            />
            <tbody>
              {members.map((m) => (
                <tr>
                  <td>{m.email}</td>
                  <td>{m.name ?? ""}</td>
                  <td>{m.role}</td>
                  <td>{m.status}</td>
                  <td>{m.twoFactor ? "on" : "off"}</td>
                  <td>{m.lastSignInAt?.slice(0, 16).replace("T", " ") ?? "never"}</td>
                  <td>{m.status === "removed" ? null : <MemberActions member={m} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Wide>
      )}
      <h2>Invite someone</h2>
      <form method="post" action="/admin/staff" novalidate>
        <Field name="email" label="Email" type="email" value={v.email} error={e.email} required />
        <Field name="name" label="Name" value={v.name} error={e.name} />
        <div class="field">
          <label for="invite-role">Role</label>
          <RoleSelect name="role" id="invite-role" value={(v.role as StaffRole) || "support"} />
        </div>
        <button type="submit">Send the invitation</button>
      </form>
      <ApiKeysSection keys={keys} {...state.keys} />
    </AdminLayout>,
    state.status ?? 200,
  );
}

const back = (c: Context<AppEnv>, notice: string) =>
  c.redirect(`/admin/staff?notice=${encodeURIComponent(notice)}`, 303);

/** Runs a change to a member; a member who is gone meanwhile is said so, not a 500. */
async function change(c: Context<AppEnv>, act: (id: string) => Promise<unknown>, notice: string) {
  try {
    await act(c.req.param("id") ?? "");
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "not_found") throw err;
    return staffPage(c, {
      errors: { form: "That is not there any more: someone changed it meanwhile." },
    });
  }
  return back(c, notice);
}

const originOf = (c: Context) => new URL(c.req.url).origin;

/** The Staff page: members, invitations, roles, removal; and the API keys of integrations. */
export const adminStaffPages = new Hono<AppEnv>()
  .get("/admin/staff", (c) => staffPage(c))
  .post("/admin/staff", async (c) => {
    const form = await formFields(c);
    const values = {
      email: fieldText(form, "email"),
      name: fieldText(form, "name"),
      role: fieldText(form, "role"),
    };
    const parsed = InviteStaffSchema.safeParse({ ...values, name: values.name || undefined });
    if (!parsed.success) {
      const errors = Object.fromEntries(
        fieldErrors(parsed.error).map((f) => [f.path, `Check this: ${f.message}`]),
      );
      return staffPage(c, { values, errors, status: 400 });
    }
    const session = await adminSession(c);
    try {
      await inviteStaff(
        c.env.DB,
        c.env.JWT_SECRET,
        parsed.data,
        session?.actor.name ?? "back office",
        originOf(c),
      );
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "conflict") throw err;
      return staffPage(c, { values, errors: { email: err.detail }, status: 409 });
    }
    return back(c, `Invitation sent to ${parsed.data.email}.`);
  })
  .post("/admin/staff/:id/role", async (c) => {
    const role = fieldText(await formFields(c), "role");
    if (!(STAFF_ROLES as readonly string[]).includes(role)) {
      return staffPage(c, { errors: { form: "Choose one of the roles." }, status: 400 });
    }
    return change(
      c,
      (id) => updateStaff(c.env.DB, id, { role: role as StaffRole }),
      "Role changed.",
    );
  })
  .post("/admin/staff/:id/invite", (c) =>
    change(
      c,
      (id) => reinviteStaff(c.env.DB, c.env.JWT_SECRET, id, originOf(c)),
      "A new invitation is on its way.",
    ),
  )
  .post("/admin/staff/:id/sessions/revoke", (c) =>
    change(c, (id) => endStaffSessions(c.env.DB, id), "Their sessions are ended."),
  )
  .post("/admin/staff/:id/remove", async (c) => {
    if (fieldText(await formFields(c), "confirm") !== "yes") {
      return staffPage(c, {
        errors: { form: "Tick the box to confirm the removal." },
        status: 400,
      });
    }
    return change(c, (id) => removeStaff(c.env.DB, id), "Removed: their sessions are ended.");
  })
  .post("/admin/api-keys", async (c) => {
    const form = await formFields(c);
    const values = { name: fieldText(form, "name"), role: fieldText(form, "role") };
    const role = STAFF_ROLES.find((r) => r === values.role);
    if (!values.name || values.name.length > 100 || !role) {
      const error = "Name the key (at most 100 characters) and choose its role.";
      return staffPage(c, { keys: { error, values }, status: 400 });
    }
    const made = await createApiKey(c.env.DB, { name: values.name, role });
    return staffPage(c, { keys: { created: { name: made.name, key: made.key } }, status: 201 });
  })
  .post("/admin/api-keys/:id/revoke", (c) =>
    change(c, (id) => revokeApiKey(c.env.DB, id), "The key is revoked: it is refused from now on."),
  );
