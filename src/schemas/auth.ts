import * as z from "zod";

export const ShopperSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["guest", "customer"]),
    email: z.string().optional(),
    name: z.string().nullable().optional(),
    emailVerified: z.boolean().optional(),
    pendingEmail: z.string().nullable().optional(),
  })
  .meta({ id: "Shopper" });

export const AuthResultSchema = z
  .object({ token: z.string(), shopper: ShopperSchema })
  .meta({ id: "AuthResult" });

const EmailSchema = z.email().max(254);

export const RegisterSchema = z
  .strictObject({
    email: EmailSchema,
    password: z.string().min(10).max(200),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .meta({ id: "Register" });

export const PasswordResetRequestSchema = z
  .strictObject({ email: EmailSchema })
  .meta({ id: "PasswordResetRequest" });

export const PasswordResetConfirmSchema = z
  .strictObject({
    token: z.string().min(1).max(200),
    password: z.string().min(10).max(200),
  })
  .meta({ id: "PasswordResetConfirm" });

export const VerifyEmailSchema = z
  .strictObject({ token: z.string().min(1).max(200) })
  .meta({ id: "VerifyEmail" });

export const ChangeEmailSchema = z
  .strictObject({ email: EmailSchema, password: z.string().min(1).max(200) })
  .meta({ id: "ChangeEmail" });

export const LoginSchema = z
  .strictObject({ email: EmailSchema, password: z.string().min(1).max(200) })
  .meta({ id: "Login" });

export type Shopper = z.infer<typeof ShopperSchema>;
