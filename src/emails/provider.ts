/** One message, ready to hand to a provider. */
export interface OutgoingEmail {
  /** Stable for every attempt of one send of one outbox row; new for each resend. */
  idempotencyKey: string;
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type SendResult =
  | { ok: true; messageId: string | null }
  /** `permanent`: sending it again cannot help (the provider refused the message itself). */
  | { ok: false; error: string; permanent: boolean };

/**
 * Where order emails go. A provider that throws (a network error, a timeout) is treated like a
 * failure that may pass: the email is tried again later.
 */
export interface EmailProvider {
  readonly name: "local" | "cloudflare" | "resend";
  send(email: OutgoingEmail): Promise<SendResult>;
}
