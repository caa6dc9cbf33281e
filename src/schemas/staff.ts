import * as z from "zod";
import { STAFF_ROLES } from "../db/account-schema";

export const StaffMemberSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(STAFF_ROLES),
    status: z.enum(["invited", "active", "removed"]),
    twoFactor: z.boolean(),
    invitedBy: z.string(),
    createdAt: z.string(),
    joinedAt: z.string().nullable(),
    lastSignInAt: z.string().nullable(),
    removedAt: z.string().nullable(),
  })
  .meta({ id: "StaffMember" });

export const InviteStaffSchema = z
  .strictObject({
    email: z.email().max(254),
    name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(STAFF_ROLES),
  })
  .meta({ id: "InviteStaff" });

export const UpdateStaffSchema = z
  .strictObject({
    role: z.enum(STAFF_ROLES).optional(),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .refine((patch) => patch.role !== undefined || patch.name !== undefined, {
    message: "Give a role or a name to change.",
  })
  .meta({ id: "UpdateStaff" });

/** A member's password: as long as a customer's at least. */
export const StaffPasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");
