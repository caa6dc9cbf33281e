import { STAFF_ROLES, type StaffRole } from "../../src/db/account-schema";

/** A choice of the four roles. */
export function RoleSelect(props: { name: string; id: string; value?: StaffRole }) {
  return (
    <select id={props.id} name={props.name}>
      {STAFF_ROLES.map((role) => (
        <option value={role} selected={role === props.value}>
          {role}
        </option>
      ))}
    </select>
  );
}
