import * as z from "zod";
import { EMAIL_KINDS, EMAIL_STATUSES } from "../db/schema";

export const EmailKindSchema = z.enum(EMAIL_KINDS);

export const EmailSchema = z
  .object({
    id: z.number().int(),
    orderId: z.string().nullable().meta({ description: "Null for an account's email" }),
    kind: EmailKindSchema,
    recipient: z.string(),
    subject: z.string().nullable().meta({ description: "Null until its first attempt renders it" }),
    status: z.enum(EMAIL_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z
      .string()
      .nullable()
      .meta({ description: "When a pending email is tried next" }),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({
    id: "Email",
    description:
      "An order email of the outbox: `pending` (waiting for its next attempt), `sending`, `sent`, or `failed` (after EMAIL_MAX_ATTEMPTS, or refused by the provider).",
  });

export const SentEmailSchema = z
  .object({
    id: z.number().int(),
    to: z.string(),
    kind: EmailKindSchema,
    orderId: z.string().nullable(),
    subject: z.string().nullable(),
    text: z.string().nullable().meta({
      description:
        "The plain-text part as sent. Secrets (a reset link's token, gift card codes) are not kept: with EMAIL_PROVIDER `local` (development), an account's email is rendered afresh here with them, so a local integration can follow its link",
    }),
    status: z.enum(EMAIL_STATUSES),
    createdAt: z.string(),
  })
  .meta({ id: "SentEmail" });
