import { describe, expect, it } from "vitest";
import type { OutgoingEmail } from "./provider";
import { RESEND_URL, resendEmailProvider } from "./resend-provider";

const email: OutgoingEmail = {
  idempotencyKey: "order_shipped/ord_1/0",
  from: { name: "Edge Storefront", address: "orders@shop.test" },
  to: "ada@example.com",
  subject: "Order ord_1 has shipped",
  text: "It has shipped.",
  html: "<p>It has shipped.</p>",
};

function fakeResend(status: number, body: unknown) {
  const calls: { url: string; headers: Headers; body: unknown }[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    calls.push({ url, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  };
  return { calls, provider: resendEmailProvider("re_secret", fetchFn) };
}

describe("resend provider", () => {
  it("posts the message with the API key and the idempotency key", async () => {
    const { calls, provider } = fakeResend(200, { id: "4ef9a417" });
    expect(await provider.send(email)).toEqual({ ok: true, messageId: "4ef9a417" });
    expect(calls[0]?.url).toBe(RESEND_URL);
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer re_secret");
    expect(calls[0]?.headers.get("idempotency-key")).toBe("order_shipped/ord_1/0");
    expect(calls[0]?.body).toEqual({
      from: "Edge Storefront <orders@shop.test>",
      to: ["ada@example.com"],
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
  });

  it("answers a refusal of the message as permanent, anything else as worth retrying", async () => {
    const invalid = fakeResend(422, { name: "validation_error", message: "Invalid `to` field." });
    expect(await invalid.provider.send(email)).toEqual({
      ok: false,
      error: "resend answered 422: Invalid `to` field.",
      permanent: true,
    });
    const limited = fakeResend(429, { message: "Too many requests" });
    expect(await limited.provider.send(email)).toMatchObject({ ok: false, permanent: false });
    const proxy = fakeResend(502, "<html>Bad gateway</html>");
    expect(await proxy.provider.send(email)).toMatchObject({ ok: false, permanent: false });
  });
});
