import { createMimeMessage } from "mimetext/browser";
import type { OutgoingEmail } from "./provider";

/** Base64 in lines of 76 characters, as RFC 2045 asks of a body part. */
const wrap = (base64: string) => base64.replace(/.{76}/g, "$&\r\n");

/**
 * The message as RFC 5322 text with a plain-text and an HTML part (multipart/alternative), both
 * base64 so any UTF-8 goes through; headers are encoded by mimetext. The Message-ID comes from the
 * idempotency key, so every attempt of one send is the same message.
 */
export function mimeMessage(email: OutgoingEmail): string {
  const msg = createMimeMessage();
  msg.setSender({ name: email.from.name, addr: email.from.address });
  msg.setRecipient(email.to);
  msg.setSubject(email.subject);
  const domain = email.from.address.split("@")[1] ?? "localhost";
  msg.setHeader("Message-ID", `<${email.idempotencyKey}@${domain}>`);
  msg.setHeader("Auto-Submitted", "auto-generated");
  for (const [contentType, data] of [
    ["text/plain", email.text],
    ["text/html", email.html],
  ] as const) {
    msg.addMessage({ contentType, encoding: "base64", data: wrap(msg.toBase64(data)) });
  }
  return msg.asRaw();
}
