import type { StaffRole } from "../../src/db/account-schema";
import type { ApiKey } from "../../src/staff/api-keys";
import { Wide } from "./admin-layout";
import { RoleSelect } from "./admin-role-select";
import { Field, TableHead } from "./layout";

const at = (iso: string | null) => iso?.slice(0, 16).replace("T", " ") ?? "never";

/** The API keys of integrations: each named, with a role; a new key is shown this once. */
export function ApiKeysSection(props: {
  keys: ApiKey[];
  created?: { name: string; key: string } | undefined;
  error?: string | undefined;
  values?: { name?: string; role?: string };
}) {
  return (
    <section aria-labelledby="api-keys">
      <h2 id="api-keys">API keys</h2>
      <p class="muted">
        For integrations: sent as <code>Authorization: Bearer &lt;key&gt;</code> on the admin API,
        with the role's permissions. A key is shown once, when it is made; only its digest is kept.
      </p>
      {props.created ? (
        <div class="notice" role="status">
          The key of {props.created.name}, shown this once: <code>{props.created.key}</code>
        </div>
      ) : null}
      {props.keys.length === 0 ? (
        <p>No API keys yet.</p>
      ) : (
        <Wide>
          <table>
            <TableHead columns={["Name", "Role", "Starts with", "Made", "Last used", ""]} />
            <tbody>
              {props.keys.map((k) => (
                <tr>
                  <td>{k.name}</td>
                  <td>{k.role}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{at(k.createdAt)}</td>
                  <td>{at(k.lastUsedAt)}</td>
                  <td>
                    {k.revokedAt ? (
                      `revoked ${at(k.revokedAt)}`
                    ) : (
                      <form
                        method="post"
                        action={`/admin/api-keys/${encodeURIComponent(k.id)}/revoke`}
                        class="inline"
                      >
                        <button type="submit" class="secondary">
                          Revoke<span class="skip"> {k.name}</span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Wide>
      )}
      <h3>Make a key</h3>
      <form method="post" action="/admin/api-keys" novalidate>
        <Field
          name="name"
          label="Name"
          hint="What uses it, e.g. the warehouse"
          value={props.values?.name}
          error={props.error}
          required
        />
        <div class="field">
          <label for="key-role">Role</label>
          <RoleSelect
            name="role"
            id="key-role"
            value={(props.values?.role as StaffRole | undefined) ?? "fulfillment"}
          />
        </div>
        <button type="submit">Make the key</button>
      </form>
    </section>
  );
}
