/** What the outbox sends (`outbox.kind`) and where each email stands (`outbox.status`). */
export const EMAIL_KINDS = [
  "order_confirmed",
  "order_shipped",
  "order_cancelled",
  "order_refunded",
  "gift_cards_issued",
  "return_requested",
  "return_approved",
  "return_refused",
  "return_received",
  "password_reset",
  "email_verification",
  "staff_invite",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
/** Emails of an account rather than an order: the outbox row has no order, its `ref` says which. */
export const ACCOUNT_EMAIL_KINDS = [
  "password_reset",
  "email_verification",
  "staff_invite",
] as const satisfies readonly EmailKind[];
export type AccountEmailKind = (typeof ACCOUNT_EMAIL_KINDS)[number];
export type OrderEmailKind = Exclude<EmailKind, AccountEmailKind>;

export const EMAIL_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
