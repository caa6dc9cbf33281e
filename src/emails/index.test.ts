import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { emailProvider } from "./index";

describe("emailProvider", () => {
  it("is local by default, and named by EMAIL_PROVIDER", () => {
    expect(emailProvider({}).name).toBe("local");
    expect(emailProvider({ EMAIL_PROVIDER: "cloudflare", EMAIL: env.EMAIL }).name).toBe(
      "cloudflare",
    );
    expect(emailProvider({ EMAIL_PROVIDER: "resend", RESEND_API_KEY: "re_x" }).name).toBe("resend");
  });

  it("refuses a configuration it cannot send with, at first use", () => {
    expect(() => emailProvider({ EMAIL_PROVIDER: "smtp" })).toThrow();
    expect(() => emailProvider({ EMAIL_PROVIDER: "resend" })).toThrow(/RESEND_API_KEY/);
    expect(() => emailProvider({ EMAIL_FROM: "not an address" })).toThrow();
    expect(() => emailProvider({ EMAIL_FROM_NAME: 'Shop" <evil@x>' })).toThrow();
    expect(() => emailProvider({ EMAIL_MAX_ATTEMPTS: "0" })).toThrow();
  });
});
