import { EmailMessage } from "cloudflare:email";
import { mimeMessage } from "./mime";
import type { EmailProvider } from "./provider";

/**
 * Cloudflare's `send_email` binding (Email Routing): a MIME message from EMAIL_FROM, which must be
 * on a domain of the account. It takes no idempotency key: if a drain stops between the send and
 * recording it, the retry sends the message a second time (the Message-ID stays the same).
 */
export function cloudflareEmailProvider(binding: SendEmail): EmailProvider {
  return {
    name: "cloudflare",
    async send(email) {
      const result = await binding.send(
        new EmailMessage(email.from.address, email.to, mimeMessage(email)),
      );
      return { ok: true, messageId: result?.messageId ?? null };
    },
  };
}
