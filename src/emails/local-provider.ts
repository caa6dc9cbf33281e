import type { EmailProvider } from "./provider";

/**
 * The default: nothing leaves the machine. The message is already kept with its outbox row (the
 * dashboard lists and shows it), and the drain logs `email_sent` with the provider `local`.
 */
export const localEmailProvider: EmailProvider = {
  name: "local",
  idempotent: true,
  async send(email) {
    return { ok: true, messageId: `local/${email.idempotencyKey}` };
  },
};
