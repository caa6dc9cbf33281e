import { logEvent } from "../log";
import type { EmailProvider } from "./provider";

/**
 * The default: nothing leaves the machine. The message is already kept with its outbox row (the
 * dashboard lists and shows it); sending only logs that it would have gone.
 */
export const localEmailProvider: EmailProvider = {
  name: "local",
  async send(email) {
    logEvent("email_local", { key: email.idempotencyKey });
    return { ok: true, messageId: `local/${email.idempotencyKey}` };
  },
};
