import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { cloudflareEmailProvider } from "./cloudflare-provider";
import type { OutgoingEmail } from "./provider";

const email: OutgoingEmail = {
  idempotencyKey: "order_confirmed/ord_1/0",
  from: { name: "Edge Storefront", address: "orders@shop.test" },
  to: "ada@example.com",
  subject: "Order ord_1 confirmed — merci",
  text: "Thank you, Zoë.\n".repeat(10),
  html: "<p>Thank you, Zoë.</p>",
};

describe("the send_email provider", () => {
  it("hands the binding both parts, the sender's name and a stable Message-ID", async () => {
    const send = vi.fn(async () => ({ messageId: "m-1" }));
    const result = await cloudflareEmailProvider({ send } as unknown as SendEmail).send(email);
    expect(result).toEqual({ ok: true, messageId: "m-1" });
    expect(send).toHaveBeenCalledWith({
      from: { name: "Edge Storefront", email: "orders@shop.test" },
      to: "ada@example.com",
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: {
        "Message-ID": "<order_confirmed/ord_1/0@shop.test>",
        "Auto-Submitted": "auto-generated",
      },
    });
  });

  it("goes through the real send_email binding, which checks the message as Cloudflare does", async () => {
    const result = await cloudflareEmailProvider(env.EMAIL).send(email);
    expect(result.ok).toBe(true);
  });
});
