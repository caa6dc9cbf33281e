import { z } from "zod";
import { EMAIL_KINDS, EMAIL_STATUSES } from "../db/schema";

export const EmailKindSchema = z.enum(EMAIL_KINDS);

export const EmailSchema = z
  .object({
    id: z.number().int(),
    orderId: z.string(),
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
