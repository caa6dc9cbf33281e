import * as z from "zod";
import { EMAIL_KINDS, EMAIL_STATUSES } from "../db/schema";

export const EmailKindSchema = z.enum(EMAIL_KINDS);

export const EmailSchema = z
  .object({
    id: z.number().int(),
    orderId: z.string().nullable(),
    kind: EmailKindSchema,
    recipient: z.string(),
    subject: z.string().nullable(),
    status: z.enum(EMAIL_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: "Email" });

export const SentEmailSchema = z
  .object({
    id: z.number().int(),
    to: z.string(),
    kind: EmailKindSchema,
    orderId: z.string().nullable(),
    subject: z.string().nullable(),
    text: z.string().nullable(),
    status: z.enum(EMAIL_STATUSES),
    createdAt: z.string(),
  })
  .meta({ id: "SentEmail" });
