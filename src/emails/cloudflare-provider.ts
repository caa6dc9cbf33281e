import type { EmailProvider } from "./provider";

/**
 * Cloudflare's `send_email` binding (Email Routing), from EMAIL_FROM, which must be on a domain of
 * the account. The binding builds the MIME message itself (a plain-text and an HTML part), so no
 * MIME library ships in the Worker. It takes no idempotency key: if a drain stops between the send
 * and recording it, the retry sends the message a second time (with the same Message-ID).
 */
export function cloudflareEmailProvider(binding: SendEmail): EmailProvider {
  return {
    name: "cloudflare",
    idempotent: false,
    async send(email) {
      const domain = email.from.address.split("@")[1] ?? "localhost";
      const result = await binding.send({
        from: { name: email.from.name, email: email.from.address },
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: {
          "Message-ID": `<${email.idempotencyKey}@${domain}>`,
          "Auto-Submitted": "auto-generated",
        },
      });
      return { ok: true, messageId: result?.messageId ?? null };
    },
  };
}
