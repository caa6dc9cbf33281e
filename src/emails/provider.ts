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
  /**
   * Whether a message sent again under the same idempotency key is never delivered twice (Resend
   * keeps keys for a day; the local provider delivers nothing). A drain then writes the outcomes
   * of all its emails in one round trip; otherwise each outcome is written as soon as it is known,
   * keeping the window in which a crash sends a message twice to one email.
   */
  readonly idempotent: boolean;
  send(email: OutgoingEmail): Promise<SendResult>;
}
