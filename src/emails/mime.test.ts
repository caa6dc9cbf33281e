import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cloudflareEmailProvider } from "./cloudflare-provider";
import { mimeMessage } from "./mime";
import type { OutgoingEmail } from "./provider";

const email: OutgoingEmail = {
  idempotencyKey: "order_confirmed/ord_1/0",
  from: { name: "Edge Storefront", address: "orders@shop.test" },
  to: "zoë@example.com",
  subject: "Order ord_1 confirmed — merci",
  text: "Thank you, Zoë.\n".repeat(10),
  html: "<p>Thank you, Zoë.</p>",
};

/** The decoded body of each part of a multipart message, by content type. */
function parts(raw: string): Record<string, string> {
  const boundary = /boundary=(\S+)/.exec(raw)?.[1] ?? "";
  const out: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`).slice(1, -1)) {
    const [headers = "", body = ""] = part.split("\r\n\r\n");
    const type = /Content-Type: ([\w/]+)/.exec(headers)?.[1] ?? "";
    const bytes = Uint8Array.from(atob(body.replace(/\s/g, "")), (c) => c.charCodeAt(0));
    out[type] = new TextDecoder().decode(bytes);
  }
  return out;
}

describe("MIME messages", () => {
  it("carry the headers, and a plain-text and an HTML part in any UTF-8", () => {
    const raw = mimeMessage(email);
    expect(raw).toMatch(/^From: =\?utf-8\?B\?[^?]+\?= <orders@shop\.test>$/m);
    expect(raw).toContain("Message-ID: <order_confirmed/ord_1/0@shop.test>");
    expect(raw).toContain("Content-Type: multipart/alternative");
    expect(raw).toMatch(/^Subject: =\?utf-8\?B\?/m);
    expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    expect(parts(raw)).toEqual({ "text/plain": email.text, "text/html": email.html });
  });

  it("go through the send_email binding, which checks them as Cloudflare does", async () => {
    const provider = cloudflareEmailProvider(env.EMAIL);
    const result = await provider.send({ ...email, to: "ada@example.com" });
    expect(result.ok).toBe(true);
  });
});
